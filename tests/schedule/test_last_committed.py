"""Which items say their last date comes only from records that are not committed."""

from __future__ import annotations

from datetime import date

from soc2flow.domain.cadence import Calendar
from soc2flow.schedule.owed import recurring_items
from tests.schedule.helpers import record, subject

Q = Calendar("quarter")
START, AS_OF = date(2026, 1, 1), date(2026, 7, 10)


def _marks(committed: set[str], *performed: tuple[date, str]) -> list[tuple[str, str | None, bool]]:
    records = [record(day, result=result) for day, result in performed]
    found = recurring_items(
        subject(), "control-execution", Q, ["export"], records, START, AS_OF, 0,
        lambda path: path in committed,
    )  # fmt: skip
    return [(i.kind, i.period, i.last_committed) for i in found]


def test_an_uncommitted_record_marks_every_item_it_gives_its_last_date() -> None:
    june = (date(2026, 6, 20), "pass")  # answers Q2; Q1 stays owed, Q3 is current
    assert _marks(set(), june) == [
        ("control-execution", "2026-Q1", False),
        ("control-execution", "2026-Q3", False),
    ]
    path = record(*june[:1]).path
    assert _marks({path}, june) == [
        ("control-execution", "2026-Q1", True),
        ("control-execution", "2026-Q3", True),
    ]


def test_a_committed_record_of_the_same_day_backs_the_last_date() -> None:
    june, also = (date(2026, 6, 20), "pass"), (date(2026, 6, 20), "partial")
    committed = {record(june[0], result="partial").path}
    assert all(mark for _, _, mark in _marks(committed, june, also))


def test_an_older_committed_record_does_not_back_a_newer_uncommitted_date() -> None:
    march, june = (date(2026, 3, 2), "pass"), (date(2026, 6, 20), "pass")
    committed = {record(march[0]).path}
    assert _marks(committed, march, june) == [("control-execution", "2026-Q3", False)]


def test_follow_up_items_carry_the_mark() -> None:
    failed, june = (date(2026, 7, 2), "fail"), (date(2026, 6, 20), "pass")
    found = _marks(set(), june, failed)
    assert ("remediation", "2026-Q3", False) in found
    assert all(not mark for _, _, mark in found)
