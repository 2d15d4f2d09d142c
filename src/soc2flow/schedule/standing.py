"""How a control stands in a window: its expected periods and their statuses (SPEC §7.2).

Shared by the binder, ``coverage`` and ``show``, so the three say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from soc2flow.domain.cadence import OnChange, schedule_of
from soc2flow.domain.status import counts, counts_text
from soc2flow.loading import Entry
from soc2flow.models import Control
from soc2flow.schedule.context import Context, grace_of
from soc2flow.schedule.executions import Expected, expected_executions


@dataclass(frozen=True)
class Standing:
    """A control's periods in the window; ``recorded`` counts runs of an event-driven one."""

    periods: tuple[Expected, ...]
    statuses: tuple[str, ...]
    recorded: int | None = None

    @property
    def counts(self) -> dict[str, int]:
        return counts(self.statuses)

    @property
    def text(self) -> str:
        return counts_text(self.counts, self.recorded)


def control_periods(
    ctx: Context, entry: Entry[Control], window: tuple[date, date]
) -> list[Expected]:
    """Expected executions from the later of ``effective`` (or the first commit) and the
    window's start, to the window's end, answered by records performed by ``ctx.as_of``."""
    control = entry.model
    schedule = schedule_of(control.cadence)
    # An event-driven control counts every record of the window, even from before its file.
    started = window[0] if isinstance(schedule, OnChange) else None
    first = started or max(window[0], control.effective or ctx.first_seen(entry.path))
    if first > window[1]:
        return []
    return expected_executions(
        schedule,
        [e.id for e in control.evidence],
        [r for r in ctx.records_of(control.id) if r.model.performed <= ctx.as_of],
        first,
        window[1],
        grace_of(ctx, control),
    )


def standing_of(
    entry: Entry[Control], periods: list[Expected], window: tuple[date, date], as_of: date
) -> Standing:
    """The statuses of ``periods`` as of ``as_of``; event-driven controls count records."""
    if isinstance(schedule_of(entry.model.cadence), OnChange):
        return Standing(tuple(periods), (), len(periods))
    return Standing(tuple(periods), tuple(p.status(as_of) for p in periods))


def control_standing(
    ctx: Context, entry: Entry[Control], window: tuple[date, date], as_of: date
) -> Standing:
    return standing_of(entry, control_periods(ctx, entry, window), window, as_of)


def window_of(ctx: Context, as_of: date) -> tuple[date, date]:
    """The audit period of soc2flow.yaml, else the calendar year of ``as_of``."""
    audit = ctx.config.audit if ctx.config else None
    if audit is not None:
        return audit.period.start, audit.period.end
    return date(as_of.year, 1, 1), date(as_of.year, 12, 31)
