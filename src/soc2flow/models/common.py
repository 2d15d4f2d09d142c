"""Building blocks shared by every file kind: strict base model, IDs, dates, cadences."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Tag,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from soc2flow.models.bounds import EPOCH, check_occurs, duration_in_range

ID_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"
PERSON_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DURATION = re.compile(r"^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


class Strict(BaseModel):
    """Unknown keys are errors, except ``x-`` keys, which are kept aside and ignored."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"patternProperties": {"^x-": {}}},
    )

    @model_validator(mode="before")
    @classmethod
    def _drop_extension_keys(cls, data: Any) -> Any:
        if isinstance(data, dict) and any(isinstance(k, str) and k[:2] == "x-" for k in data):
            return {
                k: v for k, v in data.items() if not (isinstance(k, str) and k.startswith("x-"))
            }
        return data  # the common case: nothing to drop, no copy


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise PydanticCustomError(
            "date_invalid",
            "expected an ISO 8601 date such as 2026-03-31, got {value}",
            {"value": repr(value)},
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "date_invalid", "{value} is not a real calendar date", {"value": repr(value)}
        ) from None


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def parse_duration(text: str) -> tuple[int, int, int] | None:
    """Parse an ISO 8601 date duration into (years, months, days); None if invalid."""
    m = _DURATION.fullmatch(text)
    if not m:
        return None
    years, months, weeks, days = (int(g) if g else 0 for g in m.groups())
    if years == months == weeks == days == 0:
        return None
    return years, months, weeks * 7 + days


def _check_duration(text: str) -> str:
    parts = parse_duration(text)
    if parts is None:
        raise PydanticCustomError(
            "cadence_invalid",
            "{value} is not an ISO 8601 duration such as P90D, P2W, P3M or P1Y",
            {"value": repr(text)},
        )
    duration_in_range(parts, text)
    return text


def _check_rrule(text: str) -> str:
    from dateutil.rrule import rrulestr

    try:
        rule = rrulestr(text, dtstart=EPOCH, forceset=False)
    except (ValueError, TypeError, OverflowError) as exc:
        raise PydanticCustomError(
            "cadence_invalid",
            "{value} is not an RFC 5545 rule: {why}",
            {"value": repr(text), "why": str(exc)},
        ) from None
    check_occurs(text, getattr(rule, "_dtstart", None) or EPOCH)
    return text


class Every(Strict):
    """Rolling cadence: due this long after the last execution."""

    every: Annotated[str, AfterValidator(_check_duration)]


class RRule(Strict):
    """RFC 5545 recurrence rule, as python-dateutil reads it."""

    rrule: Annotated[str, AfterValidator(_check_rrule)]


Duration = Annotated[str, AfterValidator(_check_duration)]
"""An ISO 8601 date duration such as P30D."""


class PerPerson(Strict):
    """Per-person cadence of a control: one execution per joiner or leaver (SPEC §7.4)."""

    per: Literal["joiner", "leaver"]
    within: Annotated[str, AfterValidator(_check_duration)]


NamedCadence = Literal[
    "daily", "weekly", "monthly", "quarterly", "semiannual", "annual", "on-change", "continuous"
]


def _cadence_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "named"
    if isinstance(value, Every) or (isinstance(value, dict) and "every" in value):
        return "every"
    if isinstance(value, RRule) or (isinstance(value, dict) and "rrule" in value):
        return "rrule"
    if isinstance(value, PerPerson) or (isinstance(value, dict) and "per" in value):
        return "per"
    return None


Cadence = Annotated[
    Annotated[NamedCadence, Tag("named")]
    | Annotated[Every, Tag("every")]
    | Annotated[RRule, Tag("rrule")],
    Discriminator(
        _cadence_kind,
        custom_error_type="cadence_invalid",
        custom_error_message=(
            "a cadence is one of daily, weekly, monthly, quarterly, semiannual, annual, "
            "on-change, continuous, {every: P90D} or {rrule: 'FREQ=…'}"
        ),
    ),
]

ControlCadence = Annotated[
    Annotated[NamedCadence, Tag("named")]
    | Annotated[Every, Tag("every")]
    | Annotated[RRule, Tag("rrule")]
    | Annotated[PerPerson, Tag("per")],
    Discriminator(
        _cadence_kind,
        custom_error_type="cadence_invalid",
        custom_error_message=(
            "a control's cadence is one of daily, weekly, monthly, quarterly, semiannual, "
            "annual, on-change, continuous, {every: P90D}, {rrule: 'FREQ=…'} or "
            "{per: joiner|leaver, within: P5D}"
        ),
    ),
]
"""A control's cadence: any cadence, or per person (``{per: leaver, within: P1D}``)."""

ItemId = Annotated[
    str,
    AfterValidator(lambda v: _match(v, ID_PATTERN, "ID")),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN}),
]
PersonRef = Annotated[
    str,
    AfterValidator(lambda v: _match(v, PERSON_PATTERN, "person or team id")),
    WithJsonSchema({"type": "string", "pattern": PERSON_PATTERN}),
]


def _match(value: str, pattern: str, what: str) -> str:
    if not re.fullmatch(pattern, value):
        raise PydanticCustomError(
            "id_invalid",
            "{value} is not a valid {what} (pattern {pattern})",
            {"value": repr(value), "what": what, "pattern": pattern},
        )
    return value
