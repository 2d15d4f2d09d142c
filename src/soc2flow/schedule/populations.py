"""Per-person controls (SPEC §7.4): one execution owed per joiner or leaver.

A control with ``cadence: {per: leaver, within: P1D}`` owes, for each person whose
``left`` date lies from the later of the audit period's start and the control's start
up to the earlier of the period's end and as-of, one execution that names them in
``subject:``, due on ``left`` + ``within`` + grace. Pure: no clock, no git.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from soc2flow.domain.cadence import add_duration, plus_days
from soc2flow.loading import Entry
from soc2flow.models import Config, Control, PerPerson, Person, Record, parse_duration
from soc2flow.schedule.context import Context, control_subject, grace_of
from soc2flow.schedule.executions import satisfies
from soc2flow.schedule.items import DueItem, Kind, make_item


@dataclass(frozen=True)
class Member:
    """One person of a control's population and the record that answers them."""

    person: str
    day: date  # joined or left
    due: date
    record: Entry[Record] | None  # the earliest satisfying record, or None
    attempts: tuple[Entry[Record], ...]  # records naming them that do not satisfy
    period: str  # "joiner:<id>" or "leaver:<id>"

    @property
    def late(self) -> bool:
        return self.record is not None and self.record.model.performed > self.due


def window(config: Config | None, start: date, as_of: date) -> tuple[date, date]:
    """From ``start`` (already the later of effective date and period start) to the
    earlier of the audit period's end and as-of."""
    audit = config.audit if config else None
    end = min(audit.period.end, as_of) if audit else as_of
    return start, end


def event_day(person: Person, per: str) -> date | None:
    return person.joined if per == "joiner" else person.left


def members(
    cadence: PerPerson,
    people: Iterable[Person],
    required: Sequence[str],
    records: Iterable[Entry[Record]],
    first: date,
    last: date,
    grace_days: int,
) -> list[Member]:
    """The population in ``first..last`` (by event day, then id) and what answers each."""
    length = parse_duration(cadence.within) or (0, 0, 0)
    known = list(records)
    found: list[Member] = []
    for person in people:
        day = event_day(person, cadence.per)
        if day is None or not first <= day <= last:
            continue
        due = plus_days(add_duration(day, length), grace_days)
        mine = sorted(
            (r for r in known if person.id in r.model.subjects), key=lambda r: r.model.performed
        )
        answer = next((r for r in mine if satisfies(required, r.model)), None)
        others = tuple(r for r in mine if r is not answer)
        label = f"{cadence.per}:{person.id}"
        found.append(Member(person.id, day, due, answer, others, label))
    return sorted(found, key=lambda m: (m.day, m.person))


def control_members(ctx: Context, entry: Entry[Control]) -> list[Member]:
    """The population of a per-person control as of ``ctx.as_of`` (empty for others)."""
    control = entry.model
    if not isinstance(control.cadence, PerPerson):
        return []
    first, last = window(ctx.config, ctx.start(entry.path, control.effective), ctx.as_of)
    records = [r for r in ctx.records_of(control.id) if r.model.performed <= ctx.as_of]
    people = ctx.config.people if ctx.config else []
    required = [e.id for e in control.evidence]
    return members(control.cadence, people, required, records, first, last, grace_of(ctx, control))


def person_items(ctx: Context, entry: Entry[Control]) -> list[DueItem]:
    """An execution owed per unanswered member; remediation or evidence-missing beside it."""
    subject = control_subject(ctx, entry)
    items: list[DueItem] = []
    for member in control_members(ctx, entry):
        if member.record is not None:
            continue
        items.append(
            make_item(subject, "control-execution", member.due, ctx.as_of, period=member.period)
        )
        failed = [r for r in member.attempts if r.model.result == "fail"]
        incomplete = [r for r in member.attempts if r.model.result != "fail"]
        groups: tuple[tuple[Kind, list[Entry[Record]]], ...] = (
            ("remediation", failed),
            ("evidence-missing", incomplete),
        )
        for kind, group in groups:
            if group:
                items.append(
                    make_item(
                        subject,
                        kind,
                        member.due,
                        ctx.as_of,
                        period=member.period,
                        source=group[-1].path,
                    )
                )
    return items
