"""Expected executions of a control: each owed period, its due date, what satisfied it.

Shared by ``soc2flow due`` (what is open) and the binder (what was done, late or missed).

A record satisfies the period named by its ``covers`` label (when the labelled span lies
inside one period of the control's cadence), or else the period that contains its
``performed`` date, and only with ``result: pass`` or ``partial`` and every required
evidence id attached.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from soc2flow.domain.cadence import (
    Calendar,
    OnChange,
    Periodic,
    Rolling,
    Rule,
    Schedule,
    due_of,
    period_containing,
    plus_days,
)
from soc2flow.domain.periods import Period, parse_label
from soc2flow.loading import Entry
from soc2flow.models import Record


@dataclass(frozen=True)
class Expected:
    """One expected execution: the period owed, its due date and how it was answered.

    ``record`` is the earliest satisfying execution (None: not done yet, or missed);
    ``late`` is True when that execution came after ``due``; ``attempts`` are the
    executions in the period that did not satisfy it (failed, or missing evidence);
    ``partial`` is True when only ``result: partial`` executions satisfied it.
    For rolling and on-change cadences the period is synthetic: it ends on the day the
    execution was owed (rolling) or performed (on-change), and is labelled with that date.
    """

    period: Period
    due: date
    record: Entry[Record] | None
    late: bool
    attempts: tuple[Entry[Record], ...] = ()
    partial: bool = False

    def status(self, as_of: date) -> str:
        """on-time, late, partial, missed or upcoming as of a date (soc2flow.domain.status)."""
        from soc2flow.domain.status import period_status

        satisfied = self.record is not None
        return period_status(
            satisfied=satisfied, partial=self.partial, late=self.late, due=self.due, as_of=as_of
        )


def missing_evidence(required: Sequence[str], record: Record) -> list[str]:
    """Required evidence ids the record does not attach, in the order required."""
    attached = {f.evidence for f in record.files}
    return [req for req in required if req not in attached]


def satisfies(required: Sequence[str], record: Record) -> bool:
    """True when the record counts as an execution: pass/partial and complete evidence."""
    if record.result not in ("pass", "partial"):
        return False
    if not required:
        return True
    return {f.evidence for f in record.files}.issuperset(required)


def record_period(schedule: Periodic, record: Record) -> Period | None:
    """The period of ``schedule`` the record answers, or None when ``covers`` fits none."""
    span = _span(record)
    if span is None:
        return None
    period = period_containing(schedule, span.start)
    return period if span.within(period) else None


def expected_executions(
    schedule: Schedule,
    required: Sequence[str],
    records: Iterable[Entry[Record]],
    first: date,
    last: date,
    grace_days: int,
) -> list[Expected]:
    """Each execution owed from ``first`` to ``last`` (both included) and what answered it.

    Calendar and rule cadences: every period from the one containing ``first`` to the one
    containing ``last``. Rolling: the chain of due dates from the last execution before
    ``first`` (or from ``first``), ending with the first one not yet answered. On-change:
    one entry per execution performed in the window.
    """
    ordered = sorted(records, key=lambda e: (e.model.performed, e.path))
    if isinstance(schedule, Calendar | Rule):
        return _periodic(schedule, required, ordered, first, last, grace_days)
    if isinstance(schedule, Rolling):
        return _rolling(schedule, required, ordered, first, last, grace_days)
    return _on_change(schedule, required, ordered, first, last, grace_days)


def _periodic(
    schedule: Periodic,
    required: Sequence[str],
    records: list[Entry[Record]],
    first: date,
    last: date,
    grace_days: int,
) -> list[Expected]:
    periods = list(schedule.periods(first, last))
    if not periods:
        return []
    starts = [p.start for p in periods]
    by_label: dict[str, list[Entry[Record]]] = {}
    for entry in records:
        period = _within(periods, starts, _span(entry.model))
        if period is not None:
            by_label.setdefault(period.label, []).append(entry)
    return [_answer(p, due_of(p, grace_days), by_label.get(p.label, []), required) for p in periods]


def _span(record: Record) -> Period | None:
    """The days a record answers for: its ``covers`` period, or the day it was performed."""
    if record.covers is None:
        return Period(record.performed, record.performed, "")
    parsed = parse_label(record.covers)
    return parsed[1] if parsed is not None else None


def _within(periods: list[Period], starts: list[date], span: Period | None) -> Period | None:
    """The period of the window that holds all of ``span``, or None."""
    if span is None:
        return None
    index = bisect_right(starts, span.start) - 1
    if index < 0:
        return None
    period = periods[index]
    return period if span.within(period) else None


def _answer(
    period: Period, due: date, records: list[Entry[Record]], required: Sequence[str]
) -> Expected:
    done: Entry[Record] | None = None
    attempts: list[Entry[Record]] = []
    passed = False
    for entry in records:
        if not satisfies(required, entry.model):
            attempts.append(entry)
            continue
        passed = passed or entry.model.result == "pass"
        if done is None:
            done = entry
    late = done is not None and done.model.performed > due
    return Expected(period, due, done, late, tuple(attempts), done is not None and not passed)


def _rolling(
    schedule: Rolling,
    required: Sequence[str],
    records: list[Entry[Record]],
    first: date,
    last: date,
    grace_days: int,
) -> list[Expected]:
    counted = [satisfies(required, e.model) for e in records]
    done = [e for e, ok in zip(records, counted, strict=True) if ok]
    uncounted = [e for e, ok in zip(records, counted, strict=True) if not ok]
    before = [e for e in done if e.model.performed < first]
    anchor = before[-1].model.performed if before else first
    found: list[Expected] = []
    while True:
        owed = schedule.next_after(anchor)
        period = Period(plus_days(anchor, 1), owed, owed.isoformat())
        answer = next((e for e in done if e.model.performed > anchor), None)
        upto = answer.model.performed if answer is not None else date.max
        attempts = tuple(e for e in uncounted if anchor < e.model.performed <= upto)
        due = plus_days(owed, grace_days)
        if answer is None or answer.model.performed > last:
            found.append(Expected(period, due, None, False, attempts))
            return found
        late = answer.model.performed > due
        partial = answer.model.result == "partial"
        found.append(Expected(period, due, answer, late, attempts, partial))
        anchor = answer.model.performed


def _on_change(
    schedule: OnChange,
    required: Sequence[str],
    records: list[Entry[Record]],
    first: date,
    last: date,
    grace_days: int,
) -> list[Expected]:
    found = []
    for entry in records:
        day = entry.model.performed
        if first <= day <= last:
            period = Period(day, day, day.isoformat())
            ok = satisfies(required, entry.model)
            found.append(
                Expected(
                    period,
                    plus_days(day, grace_days),
                    entry if ok else None,
                    False,
                    () if ok else (entry,),
                    ok and entry.model.result == "partial",
                )
            )
    return found
