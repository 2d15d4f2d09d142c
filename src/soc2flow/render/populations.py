"""The population of a per-person control in the binder (SPEC §7.4).

Each joiner or leaver in the period is one expected execution of the control register,
labelled ``joiner:<id>`` / ``leaver:<id>``, with the record that answers them (or
"missed"). Kept apart from the calendar rows so the register's layout can change freely.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from soc2flow.loading import Entry
from soc2flow.models import Control, PerPerson
from soc2flow.render.controls import execution
from soc2flow.render.files import FileIndex
from soc2flow.render.model import Expected


def is_per_person(control: Control) -> bool:
    return isinstance(control.cadence, PerPerson)


def population_rows(
    ctx: Any, entry: Entry[Control], period: tuple[date, date], as_of: date, files: FileIndex
) -> tuple[Expected, ...]:
    """One row per member of the control's population in ``period`` (up to ``as_of``)."""
    from soc2flow.schedule.context import grace_of
    from soc2flow.schedule.populations import members

    control = entry.model
    assert isinstance(control.cadence, PerPerson)
    first = max(period[0], ctx.first_seen(entry.path))
    last = min(period[1], as_of)
    if first > last:
        return ()
    people = ctx.config.people if ctx.config else []
    records = [r for r in ctx.records_of(control.id) if r.model.performed <= as_of]
    required = [e.id for e in control.evidence]
    found = members(control.cadence, people, required, records, first, last, grace_of(ctx, control))
    rows = []
    for member in found:
        if member.record is not None:
            status = "late" if member.late else "complete"
        else:
            status = "missed" if member.due < as_of else "open"
        rows.append(
            Expected(
                period=member.period,
                start=member.day.isoformat(),
                end=member.day.isoformat(),
                due=member.due.isoformat(),
                status=status,
                execution=execution(member.record, files) if member.record else None,
                attempts=tuple(execution(a, files) for a in member.attempts),
            )
        )
    return tuple(rows)
