"""Calendar periods and their labels: days, ISO weeks, months, quarters, half-years, years.

Labels (SPEC §3): ``2026-03-28`` (day), ``2026-W13`` (ISO week, ISO year), ``2026-03``
(month), ``2026-Q1`` (quarter), ``2026-H1`` (half-year), ``2026`` (year). Pure functions of
dates; no clock inside.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

Unit = Literal["day", "week", "month", "quarter", "half", "year"]
UNITS: tuple[Unit, ...] = ("day", "week", "month", "quarter", "half", "year")

_MONTHS_PER: dict[Unit, int] = {"month": 1, "quarter": 3, "half": 6, "year": 12}
_LABEL = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2}))?"
    r"|W(?P<week>\d{2})|Q(?P<quarter>[1-4])|H(?P<half>[12])))?$"
)
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, order=True)
class Period:
    """A span of days, both ends included, and the label that names it."""

    start: date
    end: date
    label: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def within(self, other: Period) -> bool:
        """True when every day of this period lies in ``other``."""
        return other.start <= self.start and self.end <= other.end


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - ONE_DAY


def _months(unit: Unit, year: int, first_month: int) -> Period:
    span = _MONTHS_PER[unit]
    start = date(year, first_month, 1)
    end = _month_end(year, first_month + span - 1)
    if unit == "month":
        return Period(start, end, f"{year:04d}-{first_month:02d}")
    if unit == "year":
        return Period(start, end, f"{year:04d}")
    index = (first_month - 1) // span + 1
    return Period(start, end, f"{year:04d}-{'Q' if unit == 'quarter' else 'H'}{index}")


@lru_cache(maxsize=4096)  # every control's window steps through the same period starts
def period_of(unit: Unit, day: date) -> Period:
    """The period of ``unit`` that contains ``day``."""
    if unit == "day":
        return Period(day, day, day.isoformat())
    if unit == "week":
        iso = day.isocalendar()
        start = day - timedelta(days=iso.weekday - 1)
        return Period(start, start + timedelta(days=6), f"{iso.year:04d}-W{iso.week:02d}")
    span = _MONTHS_PER[unit]
    return _months(unit, day.year, (day.month - 1) // span * span + 1)


def next_period(unit: Unit, period: Period) -> Period:
    """The period of ``unit`` that follows ``period``."""
    return period_of(unit, period.end + ONE_DAY)


def periods_between(unit: Unit, first: date, last: date) -> Iterator[Period]:
    """Every period of ``unit`` from the one containing ``first`` to the one containing ``last``."""
    if last < first:
        return
    period = period_of(unit, first)
    while period.start <= last:
        yield period
        if period.end >= date.max - ONE_DAY:
            return
        period = next_period(unit, period)


def iso_weeks_in(year: int) -> int:
    """52 or 53: the number of ISO weeks in ISO year ``year`` (2026 has 53)."""
    return date(year, 12, 28).isocalendar().week


def parse_label(text: str) -> tuple[Unit, Period] | None:
    """A period label back into its unit and period; None when it names no real period."""
    m = _LABEL.match(text.strip()) if isinstance(text, str) else None
    if m is None:
        return None
    year = int(m["year"])
    if year < 1:
        return None
    try:
        return _from_match(m, year)
    except ValueError:
        return None


def _from_match(m: re.Match[str], year: int) -> tuple[Unit, Period] | None:
    if m["day"]:
        day = date(year, int(m["month"]), int(m["day"]))
        return "day", period_of("day", day)
    if m["month"]:
        month = int(m["month"])
        return ("month", _months("month", year, month)) if 1 <= month <= 12 else None
    if m["week"]:
        week = int(m["week"])
        if not 1 <= week <= iso_weeks_in(year):
            return None
        return "week", period_of("week", date.fromisocalendar(year, week, 1))
    if m["quarter"]:
        return "quarter", _months("quarter", year, (int(m["quarter"]) - 1) * 3 + 1)
    if m["half"]:
        return "half", _months("half", year, (int(m["half"]) - 1) * 6 + 1)
    return "year", _months("year", year, 1)
