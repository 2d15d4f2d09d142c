"""Cadences as schedules: calendar periods, recurrence rules, rolling intervals, on-change.

- named cadences are calendar periods (``continuous`` is sampled monthly); one execution
  per period, due on the period's last day plus grace;
- ``{rrule: …}``: one execution per occurrence, due on the occurrence plus grace; the period
  an occurrence closes runs from the day after the previous occurrence to the occurrence,
  and is labelled with the occurrence's date;
- ``{every: P90D}``: rolling, due that long after the last execution (plus grace);
- ``on-change``: executed per change, never due by the calendar.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from soc2flow.domain import rrules
from soc2flow.domain.periods import ONE_DAY, Period, Unit, period_of, periods_between
from soc2flow.models import Every, PerPerson, RRule, parse_duration
from soc2flow.models.common import NamedCadence

NAMED_UNITS: dict[str, Unit] = {
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "quarterly": "quarter",
    "semiannual": "half",
    "annual": "year",
    "continuous": "month",
}
_UNIT_LENGTH: dict[Unit, tuple[int, int, int]] = {
    "day": (0, 0, 1),
    "week": (0, 0, 7),
    "month": (0, 1, 0),
    "quarter": (0, 3, 0),
    "half": (0, 6, 0),
    "year": (1, 0, 0),
}


@dataclass(frozen=True)
class Calendar:
    """One execution per calendar period of ``unit``."""

    unit: Unit

    def periods(self, first: date, last: date) -> Iterator[Period]:
        return periods_between(self.unit, first, last)

    def next_after(self, day: date) -> date:
        return add_duration(day, _UNIT_LENGTH[self.unit])


@dataclass(frozen=True)
class Rule:
    """One execution per occurrence of an RFC 5545 rule."""

    text: str

    def periods(self, first: date, last: date) -> Iterator[Period]:
        """Each occurrence period from the one containing ``first`` to the one containing ``last``."""
        if last < first:
            return
        previous = rrules.occurrence_before(self.text, first)
        # Before its first occurrence a rule has no previous one: the window's start stands in.
        start = previous + ONE_DAY if previous is not None else first
        for day in rrules.occurrences_from(self.text, first):
            yield Period(start, day, day.isoformat())
            if day >= last:
                return
            start = day + ONE_DAY

    def next_after(self, day: date) -> date:
        following = next(rrules.occurrences_from(self.text, day + ONE_DAY), None)
        return following if following is not None else date.max


@dataclass(frozen=True)
class Rolling:
    """Due ``length`` (years, months, days) after the last execution."""

    length: tuple[int, int, int]

    def next_after(self, day: date) -> date:
        return add_duration(day, self.length)


@dataclass(frozen=True)
class OnChange:
    """Executed per change; never due by the calendar."""

    def next_after(self, day: date) -> date:
        return date.max


Schedule = Calendar | Rule | Rolling | OnChange
Periodic = Calendar | Rule


def schedule_of(cadence: NamedCadence | Every | RRule | PerPerson) -> Schedule:
    """The schedule a validated cadence describes.

    A per-person cadence is never due by the calendar: ``schedule.populations`` owes one
    execution per joiner or leaver instead.
    """
    if isinstance(cadence, PerPerson):
        return OnChange()
    if isinstance(cadence, Every):
        length = parse_duration(cadence.every)
        if length is None:  # pragma: no cover - the model rejects it
            raise ValueError(f"{cadence.every!r} is not an ISO 8601 duration")
        return Rolling(length)
    if isinstance(cadence, RRule):
        return Rule(cadence.rrule)
    if cadence == "on-change":
        return OnChange()
    return Calendar(NAMED_UNITS[cadence])


def add_duration(day: date, length: tuple[int, int, int]) -> date:
    """``day`` plus (years, months, days); month arithmetic clamps to the month's end."""
    years, months, days = length
    try:
        return day + relativedelta(years=years, months=months, days=days)
    except (OverflowError, ValueError):
        return date.max


def plus_days(day: date, days: int) -> date:
    """``day + days`` that saturates at the ends of the calendar instead of raising."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def due_of(period: Period, grace_days: int) -> date:
    """The last acceptable day of a period's execution: its end plus grace."""
    return plus_days(period.end, grace_days)


def period_containing(schedule: Periodic, day: date) -> Period:
    """The period of a periodic schedule that contains ``day``."""
    if isinstance(schedule, Calendar):
        return period_of(schedule.unit, day)
    return next(schedule.periods(day, day), Period(day, date.max, ""))
