"""One vocabulary for how a period, a control and a criterion went (SPEC §7.2).

Words are kebab-case in JSON (``on-time``) and spaced in text (``on time``); the
``due`` command keeps its own item statuses (overdue, due-soon, ok), which say how
urgent an obligation is, not how a period went. docs/status.md explains every word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

PERIOD_STATUSES = ("on-time", "late", "partial", "missed", "upcoming")
CRITERION_STATUSES = (
    "gap",
    "missed",
    "late",
    "partial",
    "on-track",
    "not-yet-due",
    "out-of-scope",
)
# How bad a period is for the criteria it answers for, worst first.
_WORST = ("missed", "late", "partial", "on-time")
# TSC series prefix -> category (CC: security, A: availability, ...).
_CATEGORY = {
    "CC": "security",
    "A": "availability",
    "C": "confidentiality",
    "PI": "processing-integrity",
    "P": "privacy",
}
_SERIES = re.compile(r"^([A-Z]+)\d")


def text(word: str) -> str:
    """The word as text shows it: ``on-time`` -> ``on time``."""
    return word.replace("-", " ")


def period_status(*, satisfied: bool, partial: bool, late: bool, due: date, as_of: date) -> str:
    """The one status of an expected period as of a date (SPEC §7.2)."""
    if satisfied:
        if partial:
            return "partial"
        return "late" if late else "on-time"
    return "missed" if as_of > due else "upcoming"


def counts(statuses: Iterable[str]) -> dict[str, int]:
    """Non-zero counts of period statuses, in the order on time, late, partial, missed, upcoming."""
    found = list(statuses)
    return {word: found.count(word) for word in PERIOD_STATUSES if word in found}


def counts_text(found: Mapping[str, int], recorded: int | None = None) -> str:
    """``3 on time · 1 late``; an event-driven control: ``2 recorded · no population``."""
    if recorded is not None:
        return f"{recorded} recorded · no population"
    if not found:
        return "nothing expected"
    return " · ".join(f"{n} {text(word)}" for word, n in found.items())


def criterion_status(mapped: bool, periods: Iterable[str]) -> str:
    """``gap`` with no control, else the worst period of its controls (upcoming counts not)."""
    if not mapped:
        return "gap"
    seen = set(periods)
    worst = next((word for word in _WORST if word in seen), None)
    if worst is None:
        return "not-yet-due"
    return "on-track" if worst == "on-time" else worst


def category_of(criterion: str) -> str | None:
    """The TSC category of a criterion ID (``PI1.2`` -> processing-integrity), or None."""
    match = _SERIES.match(criterion)
    return _CATEGORY.get(match.group(1)) if match else None


def out_of_scope(framework: str, criterion: str, categories: frozenset[str] | None) -> bool:
    """A TSC criterion whose category is not in scope (None: every category is)."""
    if categories is None or framework != "soc2-tsc-2017":
        return False
    category = category_of(criterion)
    return category is not None and category not in categories
