"""An emergency change's retrospective approval: when it is owed, and whether it landed
by then (SPEC: `retrospective_approval_days`). The binder words it; this decides it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from soc2flow.models import ExceptionItem


@dataclass(frozen=True)
class Retrospective:
    """The approval an emergency change owes: ``due``, and the first approved version's
    date and commit (None and "" while nobody approved it)."""

    due: date
    approved: date | None = None
    commit: str = ""

    @property
    def in_time(self) -> bool:
        """Approved on or before its due date."""
        return self.approved is not None and self.approved <= self.due

    @property
    def days_late(self) -> int:
        return (self.approved - self.due).days if self.approved is not None else 0

    def overdue(self, as_of: date) -> bool:
        """Not approved, and the due date has passed."""
        return self.approved is None and as_of > self.due


def retrospective(
    item: ExceptionItem, approved: Iterable[tuple[date, str]]
) -> Retrospective | None:
    """What an emergency change owes, given the (date, commit) of its approved versions;
    None for any other exception (or one without ``retrospective_approval_days``)."""
    if item.kind != "emergency-change" or item.retrospective_approval_days is None:
        return None
    due = item.opened + timedelta(days=item.retrospective_approval_days)
    first = min(approved, default=None)
    if first is None:
        return Retrospective(due)
    return Retrospective(due, first[0], first[1])
