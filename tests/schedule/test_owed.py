"""Recurring obligations as pure functions of schedule, records and dates."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from soc2flow.domain.cadence import Calendar, OnChange, Rolling, Rule, Schedule
from soc2flow.loading import Entry
from soc2flow.models import Record
from soc2flow.schedule.executions import expected_executions
from soc2flow.schedule.owed import recurring_items
from tests.schedule.helpers import record, subject

Q = Calendar("quarter")
REQ = ["export"]


Row = tuple[str, str | None, str, str, int, tuple[str, ...]]


def items(
    schedule: Schedule, records: list[Entry[Record]], start: date, as_of: date, grace: int = 0
) -> list[Row]:
    found = recurring_items(
        subject(), "control-execution", schedule, REQ, records, start, as_of, grace
    )
    return [(i.kind, i.period, i.due.isoformat(), i.status, i.days, i.escalate_to) for i in found]


def test_missed_quarter_stays_overdue_until_a_record_covers_it() -> None:
    q2 = record(date(2026, 6, 20))
    assert items(Q, [q2], date(2026, 2, 1), date(2026, 7, 10)) == [
        ("control-execution", "2026-Q1", "2026-03-31", "overdue", -101, ("carol",)),
        ("control-execution", "2026-Q3", "2026-09-30", "ok", 82, ()),
    ]
    late = record(date(2026, 7, 8), covers="2026-Q1")
    assert items(Q, [q2, late], date(2026, 2, 1), date(2026, 7, 10)) == [
        ("control-execution", "2026-Q3", "2026-09-30", "ok", 82, ()),
    ]
    expected = expected_executions(Q, REQ, [q2, late], date(2026, 2, 1), date(2026, 7, 10), 0)
    assert [(e.period.label, e.record is not None, e.late) for e in expected] == [
        ("2026-Q1", True, True),
        ("2026-Q2", True, False),
        ("2026-Q3", False, False),
    ]


def test_statuses_and_grace() -> None:
    done = [record(date(2026, 1, 10), covers="2026-Q1")]
    # Q1 satisfied; Q2 is current: ok far out, due-soon within 14 days, overdue after.
    assert items(Q, done, date(2026, 1, 1), date(2026, 5, 1))[0][3:5] == ("ok", 60)
    assert items(Q, done, date(2026, 1, 1), date(2026, 6, 16))[0][3:5] == ("due-soon", 14)
    assert items(Q, done, date(2026, 1, 1), date(2026, 6, 30))[0][3:5] == ("due-soon", 0)
    # grace 7: Q2 due 2026-07-07, still due-soon on 2026-07-03 while Q3 is listed too.
    found = items(Q, done, date(2026, 1, 1), date(2026, 7, 3), grace=7)
    assert [(f[1], f[2], f[3]) for f in found] == [
        ("2026-Q2", "2026-07-07", "due-soon"),
        ("2026-Q3", "2026-10-07", "ok"),
    ]


def test_escalation_starts_after_escalate_after_days() -> None:
    start = date(2026, 1, 1)
    assert items(Q, [], start, date(2026, 4, 3))[0][3:] == ("overdue", -3, ())
    assert items(Q, [], start, date(2026, 4, 4))[0][3:] == ("overdue", -4, ("carol",))


def test_failed_and_incomplete_executions_open_follow_ups() -> None:
    failed = record(date(2026, 3, 20), result="fail")
    partial = record(date(2026, 3, 25), result="partial", evidence=())
    found = recurring_items(
        subject(),
        "control-execution",
        Q,
        REQ,
        [failed, partial],
        date(2026, 1, 1),
        date(2026, 3, 28),
        0,
    )
    assert [(i.kind, i.period, i.due.isoformat(), i.source) for i in found] == [
        ("control-execution", "2026-Q1", "2026-03-31", "controls/AC-01.yaml"),
        ("remediation", "2026-Q1", "2026-03-31", failed.path),
        ("evidence-missing", "2026-Q1", "2026-03-31", partial.path),
    ]
    fixed = record(date(2026, 3, 27))
    assert (
        recurring_items(
            subject(),
            "control-execution",
            Q,
            REQ,
            [failed, partial, fixed],
            date(2026, 1, 1),
            date(2026, 3, 28),
            0,
        )
        == []
    )


def test_rolling_90_days() -> None:
    every = Rolling((0, 0, 90))
    before_audit = record(date(2025, 12, 15))
    assert items(every, [before_audit], date(2026, 1, 1), date(2026, 3, 1)) == [
        ("control-execution", None, "2026-03-15", "due-soon", 14, ()),
    ]
    again = record(date(2026, 3, 20))
    assert (
        items(every, [before_audit, again], date(2026, 1, 1), date(2026, 3, 21))[0][2]
        == "2026-06-18"
    )
    assert items(every, [], date(2026, 1, 1), date(2026, 4, 10))[0][2:4] == (
        "2026-04-01",
        "overdue",
    )


def test_rolling_month_clamps_to_month_end() -> None:
    monthly = Rolling((0, 1, 0))
    assert (
        items(monthly, [record(date(2026, 1, 31))], date(2026, 1, 1), date(2026, 2, 1))[0][2]
        == "2026-02-28"
    )
    assert (
        items(monthly, [record(date(2028, 1, 31))], date(2028, 1, 1), date(2028, 2, 1))[0][2]
        == "2028-02-29"
    )


def test_rrule_month_end_and_leap_day() -> None:
    rule = Rule("FREQ=MONTHLY;BYMONTHDAY=-1")
    found = items(rule, [record(date(2028, 1, 31))], date(2028, 1, 1), date(2028, 2, 10), grace=3)
    assert found == [("control-execution", "2028-02-29", "2028-03-03", "ok", 22, ())]


def test_iso_week_53() -> None:
    weekly = Calendar("week")
    found = items(weekly, [record(date(2026, 12, 22))], date(2026, 12, 21), date(2027, 1, 2))
    assert [(f[1], f[2], f[3]) for f in found] == [
        ("2026-W53", "2027-01-03", "due-soon"),
    ]
    covered = record(date(2027, 1, 5), covers="2026-W53")
    found = items(
        weekly, [record(date(2026, 12, 22)), covered], date(2026, 12, 21), date(2027, 1, 6)
    )
    assert [f[1] for f in found] == ["2027-W01"]


def test_covers_must_fit_inside_one_period() -> None:
    monthly = Calendar("month")
    quarter_label = record(date(2026, 3, 5), covers="2026-Q1")
    month_label = record(date(2026, 4, 2), covers="2026-03")
    assert [f[1] for f in items(monthly, [quarter_label], date(2026, 3, 1), date(2026, 3, 10))] == [
        "2026-03"
    ]
    assert items(Q, [month_label], date(2026, 1, 1), date(2026, 4, 2))[0][1] == "2026-Q2"


def test_on_change_is_never_due_but_failures_are_remediated() -> None:
    found = recurring_items(
        subject(),
        "control-execution",
        OnChange(),
        REQ,
        [record(date(2026, 5, 1), result="fail")],
        date(2026, 1, 1),
        date(2026, 5, 3),
        2,
    )
    assert [(i.kind, i.period, i.due.isoformat()) for i in found] == [
        ("remediation", None, "2026-05-03")
    ]
    assert items(OnChange(), [record(date(2026, 5, 1))], date(2026, 1, 1), date(2026, 5, 3)) == []


def test_start_after_as_of_owes_nothing_and_future_records_are_unknown() -> None:
    assert items(Q, [], date(2026, 7, 1), date(2026, 6, 30)) == []
    future = record(date(2026, 3, 30))
    assert items(Q, [future], date(2026, 1, 1), date(2026, 3, 29))[0][1] == "2026-Q1"


schedules = st.sampled_from(
    [
        Calendar("week"),
        Calendar("month"),
        Q,
        Rolling((0, 0, 90)),
        Rule("FREQ=MONTHLY;BYMONTHDAY=-1"),
    ]
)
day = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))


@settings(max_examples=50, deadline=None)
@given(
    schedules,
    day,
    st.lists(
        st.tuples(st.integers(0, 400), st.sampled_from(["pass", "fail", "partial"])), max_size=6
    ),
    st.integers(0, 200),
    st.integers(1, 200),
    st.integers(0, 10),
)
def test_time_never_turns_an_overdue_item_ok(
    schedule: Schedule,
    start: date,
    done: list[tuple[int, str]],
    lag: int,
    step: int,
    grace: int,
) -> None:
    as_of = start + timedelta(days=lag)
    records = [record(start + timedelta(days=d), result=r) for d, r in done if d <= lag]
    before = recurring_items(
        subject(), "control-execution", schedule, REQ, records, start, as_of, grace
    )
    later = recurring_items(
        subject(),
        "control-execution",
        schedule,
        REQ,
        records,
        start,
        as_of + timedelta(days=step),
        grace,
    )
    still = {(i.kind, i.period, i.due): i.status for i in later}
    for item in before:
        if item.status == "overdue":
            assert still.get((item.kind, item.period, item.due)) == "overdue"
