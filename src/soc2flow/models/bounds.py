"""Bounds on values a hostile or careless file could make unbounded (SPEC §7.6).

Numbers that count days are at most 36,500 (a century), durations at most 10 years,
people fields match their format in full, and a recurrence rule must occur at least
once from its start. Each raises a PydanticCustomError whose type the loader maps to a
rule ID (``value-out-of-range``, ``person-field-invalid``, ``cadence-never-due``).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

MAX_DAYS = 36_500
MAX_DURATION_DAYS = 3_653  # ten years
LOGIN = re.compile(r"@?[A-Za-z0-9][A-Za-z0-9_-]{0,38}")
EMAIL = re.compile(r"[^\s@]+@[^\s@]+")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_SEARCH_YEARS = 400
EPOCH = datetime(
    2001, 1, 1
)  # where a rule without DTSTART starts (as in domain.rrules)  # the Gregorian calendar repeats every 400 years


def _days(value: int) -> int:
    if value > MAX_DAYS:
        raise PydanticCustomError(
            "value_out_of_range",
            "{value} days is more than {limit} (a century); use a smaller number",
            {"value": value, "limit": MAX_DAYS},
        )
    return value


DayCount = Annotated[
    int,
    AfterValidator(_days),
    WithJsonSchema({"type": "integer", "minimum": 0, "maximum": MAX_DAYS}),
]


def duration_in_range(parts: tuple[int, int, int], text: str) -> None:
    """Raise value_out_of_range when (years, months, days) is more than ten years."""
    years, months, days = parts
    if years * 365.25 + months * 30.44 + days > MAX_DURATION_DAYS:
        raise PydanticCustomError(
            "value_out_of_range",
            "{value} is longer than 10 years; use a shorter duration",
            {"value": repr(text)},
        )


def _login(value: str | None) -> str | None:
    if value is not None and not LOGIN.fullmatch(value):
        raise PydanticCustomError(
            "person_field_invalid",
            "{value} is not a GitHub login (letters, digits, - and _, at most 39, "
            "starting with a letter or digit)",
            {"value": repr(value)},
        )
    return value


def _email(value: str | None) -> str | None:
    if value is not None and (not EMAIL.fullmatch(value) or _CONTROL.search(value)):
        raise PydanticCustomError(
            "person_field_invalid",
            "{value} is not an email address (one @, no spaces or line breaks)",
            {"value": repr(value)},
        )
    return value


Login = Annotated[str | None, AfterValidator(_login)]
Email = Annotated[str | None, AfterValidator(_email)]


def rrule_parts(text: str) -> dict[str, str]:
    """An RFC 5545 rule's NAME=VALUE parts (upper case; the first of a repeated name)."""
    found: dict[str, str] = {}
    for line in text.upper().splitlines():
        body = line.split(":", 1)[1] if line.startswith("RRULE:") else line
        for part in body.split(";"):
            key, _, value = part.partition("=")
            found.setdefault(key.strip(), value.strip())
    return found


def _numbers(text: str) -> list[int]:
    try:
        return [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        return []


def impossible_days(text: str) -> bool:
    """The rule asks only for month days that none of its months has (30 February)."""
    parts = rrule_parts(text)
    days = _numbers(parts.get("BYMONTHDAY", ""))
    months = [m for m in _numbers(parts.get("BYMONTH", "")) if 1 <= m <= 12] or range(1, 13)
    longest = max(_MONTH_DAYS[m - 1] for m in months)
    return bool(days) and all(abs(d) > longest for d in days)


def never_occurs(text: str, start: datetime) -> bool:
    """The rule, with any UNTIL or COUNT taken away, never falls on a day from ``start``."""
    from dateutil.rrule import rrule, rrulestr

    if impossible_days(text):
        return True
    stripped = re.sub(r"(?i);?(UNTIL|COUNT)=[^;\n]*", "", text)
    try:
        rule = rrulestr(stripped, dtstart=start, forceset=False)
        if not isinstance(rule, rrule):
            return False
        end = start.replace(year=min(start.year + _SEARCH_YEARS, 9999))
        return rule.replace(until=end).after(start, inc=True) is None
    except (ValueError, TypeError, OverflowError):
        return False


def check_occurs(text: str, start: datetime) -> None:
    """Raise cadence_never_due for a rule that never occurs from its start."""
    if never_occurs(text, start):
        raise PydanticCustomError(
            "cadence_never_due",
            "{value} never falls on any day, so the control would never be due; "
            "fix BYMONTH/BYMONTHDAY (for example FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28)",
            {"value": repr(text)},
        )
