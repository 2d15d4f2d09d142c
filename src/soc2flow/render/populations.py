"""The population of a per-person control in the binder (SPEC §7.4).

Each joiner or leaver in the period is one expected execution of the control register,
labelled ``joiner:<id>`` / ``leaver:<id>``, with the record that answers them (or
"missed"). Kept apart from the calendar rows so the register's layout can change freely.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from soc2flow.loading import Entry
from soc2flow.models import Control, PerPerson, Record
from soc2flow.render.controls import execution
from soc2flow.render.files import FileIndex
from soc2flow.render.model import Expected

if TYPE_CHECKING:
    from soc2flow.render.recording import Recording
    from soc2flow.schedule.context import Context


def is_per_person(control: Control) -> bool:
    return isinstance(control.cadence, PerPerson)


def population_rows(
    ctx: Context,
    entry: Entry[Control],
    period: tuple[date, date],
    as_of: date,
    files: FileIndex,
    recording: Recording | None = None,
    invalid: Sequence[Entry[Record]] = (),
    voided: dict[str, str] | None = None,
) -> tuple[Expected, ...]:
    """One row per member of the control's population in ``period`` (up to ``as_of``),
    from the later of the period's start and the control's ``effective`` (or first commit).

    Records whose evidence is broken satisfy nobody; they are shown beside the member
    they name as attempts marked invalid.
    """
    from dataclasses import replace

    from soc2flow.domain.status import period_status
    from soc2flow.schedule.context import grace_of
    from soc2flow.schedule.populations import members

    control = entry.model
    assert isinstance(control.cadence, PerPerson)
    first = max(period[0], control.effective or ctx.first_seen(entry.path))
    last = min(period[1], as_of)
    if first > last:
        return ()
    people = ctx.config.people if ctx.config else []
    records = [r for r in ctx.records_of(control.id) if r.model.performed <= as_of]
    required = [e.id for e in control.evidence]
    found = members(control.cadence, people, required, records, first, last, grace_of(ctx, control))
    rows = []
    for member in found:
        record = member.record
        status = period_status(
            satisfied=record is not None,
            partial=record is not None and record.model.result == "partial",
            late=member.late,
            due=member.due,
            as_of=as_of,
        )
        broken = tuple(
            replace(execution(r, files, recording), invalid=(voided or {}).get(r.path, ""))
            for r in sorted(invalid, key=lambda r: (r.model.performed, r.path))
            if member.person in r.model.subjects
        )
        rows.append(
            Expected(
                period=member.period,
                start=member.day.isoformat(),
                end=member.day.isoformat(),
                due=member.due.isoformat(),
                status=status,
                execution=execution(record, files, recording) if record else None,
                attempts=tuple(execution(a, files, recording) for a in member.attempts) + broken,
            )
        )
    return tuple(rows)
