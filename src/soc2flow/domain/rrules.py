"""RFC 5545 recurrence rules (through python-dateutil), read as a sequence of due days.

dateutil walks a rule from its DTSTART, so a rule anchored years ago would cost one step
per occurrence since then. Here a rule is re-anchored a few cycles before the window asked
about, with the values DTSTART implied (day of month, weekday, month) written out, so the
cost grows with the window, never with the rule's age.

A rule without DTSTART is anchored at Monday 2001-01-01 00:00: ``FREQ=MONTHLY`` falls on
the 1st, ``FREQ=WEEKLY`` on Mondays, ``FREQ=YEARLY`` on 1 January. Time zones are ignored
(we count days). Sub-daily rules (HOURLY, MINUTELY, SECONDLY) are read as FREQ=DAILY.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrule, rrulebase, rrulestr

from soc2flow.models.bounds import rrule_parts

EPOCH = datetime(2001, 1, 1)
_FREQ_UNIT = {
    "YEARLY": "years",
    "MONTHLY": "months",
    "WEEKLY": "weeks",
    "DAILY": "days",
}
_SUB_DAILY = ("HOURLY", "MINUTELY", "SECONDLY")
_DAY_KEYS = ("BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY", "BYEASTER")


@dataclass(frozen=True)
class CompiledRule:
    rule: rrulebase
    first: datetime | None
    unit: str | None = None
    interval: int = 1
    frozen: dict[str, Any] = field(default_factory=dict)


def _normalise(text: str) -> str:
    """Drop time zones: TZID parameters and UTC 'Z' suffixes (we count calendar days)."""
    text = re.sub(r";TZID=[^:;\n]+", "", text)
    return re.sub(r"(\d{8}T\d{6})Z", r"\1", text)


def _daily(text: str) -> str:
    """A sub-daily rule read as FREQ=DAILY (every day it would fall on at least once)."""
    text = re.sub(r"(?i)FREQ=\w+", "FREQ=DAILY", text)
    text = re.sub(r"(?i)INTERVAL=\d+", "", text)
    return re.sub(r";{2,}", ";", re.sub(r"(?m)(:|^);+|;+$", r"\1", text))


@lru_cache(maxsize=256)
def compile_rule(text: str) -> CompiledRule:
    """Parse a rule once; raises ValueError for a rule dateutil cannot read."""
    parts = rrule_parts(text)
    if parts.get("FREQ") in _SUB_DAILY:
        text = _daily(text)
        parts = rrule_parts(text)
    rule = rrulestr(_normalise(text), dtstart=EPOCH, forceset=False)
    first = rule.after(datetime.min, inc=True)
    unit = _FREQ_UNIT.get(parts.get("FREQ", ""))
    if not isinstance(rule, rrule) or "COUNT" in parts or unit is None or first is None:
        return CompiledRule(rule, first)
    return CompiledRule(
        rule, first, unit, int(parts.get("INTERVAL", "1") or 1), _implied(parts, first)
    )


def _implied(parts: dict[str, str], first: datetime) -> dict[str, Any]:
    """The BY* values dateutil derives from DTSTART, written out so re-anchoring keeps them."""
    if any(key in parts for key in _DAY_KEYS):
        return {}
    freq = parts["FREQ"]
    if freq == "YEARLY":
        return {"bymonthday": first.day} | ({} if "BYMONTH" in parts else {"bymonth": first.month})
    if freq == "MONTHLY":
        return {"bymonthday": first.day}
    if freq == "WEEKLY":
        return {"byweekday": first.weekday()}
    return {}


def _cycles(compiled: CompiledRule, first: datetime, day: date) -> int:
    """Whole rule cycles (FREQ x INTERVAL) from ``first`` to ``day``."""
    unit, n = compiled.unit, compiled.interval
    if unit == "years":
        return (day.year - first.year) // n
    if unit == "months":
        return ((day.year - first.year) * 12 + day.month - first.month) // n
    days = (day - first.date()).days
    return days // (7 * n if unit == "weeks" else n)


def _anchored(compiled: CompiledRule, day: date, margin: int) -> tuple[rrulebase, bool]:
    """The rule restarted ``margin`` cycles before ``day``; True when it is the original."""
    first = compiled.first
    if compiled.unit is None or first is None or not isinstance(compiled.rule, rrule):
        return compiled.rule, True
    steps = _cycles(compiled, first, day) - margin
    if steps <= 0:
        return compiled.rule, True
    start = first + _step(compiled.unit, steps * compiled.interval)
    return compiled.rule.replace(dtstart=start, **compiled.frozen), False


def _step(unit: str, count: int) -> relativedelta:
    if unit == "years":
        return relativedelta(years=count)
    if unit == "months":
        return relativedelta(months=count)
    return relativedelta(weeks=count) if unit == "weeks" else relativedelta(days=count)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min)


def occurrence_before(text: str, day: date) -> date | None:
    """The last day the rule falls on strictly before ``day``."""
    compiled = compile_rule(text)
    margin = 2
    while True:
        rule, original = _anchored(compiled, day, margin)
        found = rule.before(_midnight(day))
        if found is not None or original:
            return found.date() if found is not None else None
        margin *= 8


def occurrences_from(text: str, day: date) -> Iterator[date]:
    """The days the rule falls on, from ``day`` on, each once, in order."""
    rule, _ = _anchored(compile_rule(text), day, 2)
    last: date | None = None
    for moment in rule.xafter(_midnight(day), inc=True):
        if moment.date() != last:
            last = moment.date()
            yield last
