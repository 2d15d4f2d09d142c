"""comply's 6-field cron (seconds first) to the nearest soc2flow cadence.

A schedule that is exactly one execution per calendar day, ISO week, month,
quarter, half-year or year becomes that named cadence; anything else becomes
an RFC 5545 ``rrule``. ``None`` means the expression cannot be read.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
_RRULE_DAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]


def _field(text: str, low: int, high: int, names: list[str] | None = None) -> set[int] | None:
    """The values of one cron field; None for every value (``*`` or ``?``)."""
    if text in ("*", "?"):
        return None
    values: set[int] = set()
    for part in text.split(","):
        rng, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if rng == "*":
            first, last = low, high
        else:
            a, _, b = rng.partition("-")
            first = _number(a, names, low)
            last = _number(b, names, low) if b else (high if step_text else first)
        if step < 1 or not low <= first <= last <= high:
            raise ValueError(part)
        values.update(range(first, last + 1, step))
    return values


def _number(text: str, names: list[str] | None, low: int) -> int:
    upper = text.upper()
    if names and upper in names:
        return names.index(upper) + low
    return int(text)


def to_cadence(expression: str) -> str | dict[str, Any] | None:
    """The nearest cadence for a cron expression (6 fields, or 5 without seconds)."""
    fields = expression.split()
    if len(fields) == 5:
        fields = ["0", *fields]
    if len(fields) != 6:
        return None
    try:
        dom = _field(fields[3], 1, 31)
        month = _field(fields[4], 1, 12, _MONTHS)
        dow = _field(fields[5], 0, 7, _DAYS)
        _field(fields[0], 0, 59), _field(fields[1], 0, 59), _field(fields[2], 0, 23)
    except ValueError:
        return None
    if dow is not None:
        dow = {d % 7 for d in dow}
        if len(dow) == 7:
            dow = None
    if month is not None and len(month) == 12:
        month = None
    return _named(dom, month, dow) or _rrule(dom, month, dow)


def _named(dom: set[int] | None, month: set[int] | None, dow: set[int] | None) -> str | None:
    if dom is None and month is None:
        return "daily" if dow is None else ("weekly" if len(dow) == 1 else None)
    if dom is None or len(dom) != 1 or dow is not None:
        return None
    if month is None:
        return "monthly"
    months = sorted(month)
    if len(months) == 1:
        return "annual"
    gaps = {b - a for a, b in pairwise(months)}
    if gaps == {3} and len(months) == 4:
        return "quarterly"
    if gaps == {6} and len(months) == 2:
        return "semiannual"
    return None


def _rrule(dom: set[int] | None, month: set[int] | None, dow: set[int] | None) -> dict[str, Any]:
    parts = ["FREQ=DAILY"]
    if month is not None:
        parts = ["FREQ=YEARLY", "BYMONTH=" + ",".join(map(str, sorted(month)))]
    elif dom is not None:
        parts = ["FREQ=MONTHLY"]
    elif dow is not None:
        parts = ["FREQ=WEEKLY"]
    if dom is not None:
        parts.append("BYMONTHDAY=" + ",".join(map(str, sorted(dom))))
    if dow is not None:
        parts.append("BYDAY=" + ",".join(_RRULE_DAYS[d] for d in sorted(dow)))
    return {"rrule": ";".join(parts)}
