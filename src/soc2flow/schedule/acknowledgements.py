"""Policy acknowledgements owed per person (SPEC §7.4).

Each active person in a policy's audience owes one acknowledgement per period of its
cadence (active on the period's due date, or on as-of if earlier); a joiner owes a
new-hire acknowledgement (``period: "joiner:<id>"``) due ``joined + new_hires_within``
plus grace, which also answers the period they joined in. A record under the policy's
evidence folder acknowledges for the people in its ``people:``; a version-1 record
without ``people:`` for everyone in the audience active on its ``performed`` date.
Items are owned by the person and escalate to their manager. Pure: no clock, no git.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from soc2flow.domain.cadence import (
    Calendar,
    Rule,
    add_duration,
    due_of,
    period_containing,
    plus_days,
    schedule_of,
)
from soc2flow.domain.periods import Period
from soc2flow.loading import Entry
from soc2flow.models import Acknowledge, Config, Person, Policy, Record, parse_duration
from soc2flow.schedule.context import Context
from soc2flow.schedule.executions import record_period, satisfies
from soc2flow.schedule.items import DueItem, Subject, make_item


def audience(config: Config | None, ack: Acknowledge) -> list[Person]:
    """Everyone (``all``), or the members and leads of the listed teams."""
    people = list(config.people) if config else []
    if ack.audience == "all":
        return people
    teams = config.teams if config else {}
    wanted: set[str] = set()
    for name in ack.audience:
        team = teams.get(name)
        if team is not None:
            wanted.update(team.members)
            if team.lead:
                wanted.add(team.lead)
        else:
            wanted.add(name)  # a person named directly
    return [p for p in people if p.id in wanted]


def employed_on(person: Person, day: date) -> bool:
    """Joined (if known) by ``day`` and still active on it."""
    return (person.joined is None or person.joined <= day) and person.active_on(day)


def acknowledges(record: Record, person: Person, required: Sequence[str] = ()) -> bool:
    """A satisfying record that names the person, or (no ``people:``) one they were
    employed at when it was performed."""
    if not satisfies(required, record):
        return False
    if record.people is not None:
        return person.id in record.people
    return employed_on(person, record.performed)


def acknowledgment_items(ctx: Context, entry: Entry[Policy], subject: Subject) -> list[DueItem]:
    """The acknowledgements owed by each person in the audience, as of ``ctx.as_of``."""
    ack = entry.model.acknowledge
    if ack is None:
        return []
    schedule = schedule_of(ack.cadence)
    if not isinstance(schedule, Calendar | Rule):
        return []  # rolling and on-change acknowledgements have no periods to owe per person
    start, as_of = ctx.start(entry.path, entry.model.effective), ctx.as_of
    if start > as_of:
        return []
    grace = subject.profile.grace_days
    records = [r.model for r in ctx.records_of(entry.model.id) if r.model.performed <= as_of]
    periods = list(schedule.periods(start, as_of))
    joined_in = {
        p.id: period_containing(schedule, p.joined)
        for p in audience(ctx.config, ack)
        if p.joined is not None
    }
    items: list[DueItem] = []
    for person in audience(ctx.config, ack):
        mine = replace(
            subject,
            owner=person.id,
            escalation=tuple(m for m in [ctx.org.manager_of(person.id)] if m),
        )
        hired = joined_in.get(person.id)
        if hired is not None and ack.new_hires_within and person.joined and start <= person.joined:
            items.extend(_new_hire(person, ack, hired, records, mine, grace, as_of))
        for period in periods:
            if hired is not None and ack.new_hires_within and period == hired:
                continue  # the new-hire acknowledgement answers the period they joined in
            due = due_of(period, grace)
            if not employed_on(person, min(due, as_of)):
                continue
            if any(_in(schedule, r, period) and acknowledges(r, person) for r in records):
                continue
            items.append(make_item(mine, "acknowledgment", due, as_of, period=period.label))
    return items


def _in(schedule: Calendar | Rule, record: Record, period: Period) -> bool:
    found = record_period(schedule, record)
    return found is not None and found.label == period.label


def _new_hire(
    person: Person,
    ack: Acknowledge,
    hired: Period,
    records: list[Record],
    subject: Subject,
    grace: int,
    as_of: date,
) -> list[DueItem]:
    assert person.joined is not None and ack.new_hires_within is not None
    if person.joined > as_of or not person.active_on(person.joined):
        return []
    length = parse_duration(ack.new_hires_within) or (0, 0, 0)
    due = plus_days(add_duration(person.joined, length), grace)
    if any(r.performed >= hired.start and acknowledges(r, person) for r in records):
        return []
    return [make_item(subject, "acknowledgment", due, as_of, period=f"joiner:{person.id}")]
