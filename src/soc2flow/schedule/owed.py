"""Recurring obligations: control executions, acknowledgments, their remediation and evidence.

Pure: a function of the schedule, the records and the dates; no repository, no git.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import partial

from soc2flow.domain.cadence import OnChange, Rolling, Schedule
from soc2flow.loading import Entry
from soc2flow.models import Record
from soc2flow.schedule.executions import Expected, expected_executions, satisfies
from soc2flow.schedule.items import DueItem, Kind, Subject, make_item


def last_done(required: Sequence[str], records: Iterable[Entry[Record]]) -> date | None:
    """The date of the latest satisfying execution, or None."""
    return max((e.model.performed for e in records if satisfies(required, e.model)), default=None)


def _committed(path: str) -> bool:
    return True


def last_committed(
    required: Sequence[str],
    records: Iterable[Entry[Record]],
    last: date | None,
    committed: Callable[[str], bool],
) -> bool:
    """Whether a committed record backs ``last`` (True when there is no ``last``)."""
    if last is None:
        return True
    return any(
        committed(e.path)
        for e in records
        if e.model.performed == last and satisfies(required, e.model)
    )


def recurring_items(
    subject: Subject,
    kind: Kind,
    schedule: Schedule,
    required: Sequence[str],
    records: Iterable[Entry[Record]],
    start: date,
    as_of: date,
    grace_days: int,
    committed: Callable[[str], bool] = _committed,
) -> list[DueItem]:
    """Every unanswered execution from the period containing ``start`` to the current one.

    Executions performed after ``as_of`` are not known yet. Each unanswered period also
    opens a ``remediation`` item when an execution in it failed, and an
    ``evidence-missing`` item when one lacks a required evidence id. ``committed`` tells
    whether a record's file is committed; an item whose ``last`` only uncommitted records
    back says so (``last_committed``).
    """
    known = [e for e in records if e.model.performed <= as_of]
    if start > as_of:
        return []
    last = last_done(required, known)
    fresh = last_committed(required, known, last, committed)
    found: list[DueItem] = []
    for expected in expected_executions(schedule, required, known, start, as_of, grace_days):
        if expected.record is not None:
            continue
        label = None if isinstance(schedule, Rolling | OnChange) else expected.period.label
        item = partial(
            make_item,
            subject,
            due=expected.due,
            as_of=as_of,
            period=label,
            last=last,
            last_committed=fresh,
        )
        if not isinstance(schedule, OnChange):
            found.append(item(kind))
        found.extend(_follow_ups(item, expected, last, schedule, subject.owner))
    return found


def _follow_ups(
    item: partial[DueItem],
    expected: Expected,
    last: date | None,
    schedule: Schedule,
    owner: str,
) -> list[DueItem]:
    """remediation for a failed attempt, evidence-missing for an incomplete one; ``item``
    makes an item of this period for a kind."""
    attempts = list(expected.attempts)
    if isinstance(schedule, OnChange) and last is not None:
        attempts = [a for a in attempts if a.model.performed > last]
    found = []
    failed = [a for a in attempts if a.model.result == "fail"]
    incomplete = [a for a in attempts if a.model.result != "fail"]
    groups: tuple[tuple[Kind, list[Entry[Record]]], ...] = (
        ("remediation", failed),
        ("evidence-missing", incomplete),
    )
    for kind, group in groups:
        if group:
            found.append(item(kind, owner=owner, source=group[-1].path))
    return found
