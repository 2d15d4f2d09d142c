"""Due items and reports: exactly the fields SPEC §5 names, and how status is decided."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from soc2flow.domain.org import People
from soc2flow.models import Config, Profile

Kind = Literal[
    "policy-review",
    "control-execution",
    "evidence-missing",
    "exception-expiry",
    "retro-approval",
    "reliance-review",
    "approval-pending",
    "acknowledgment",
    "remediation",
    "vendor-review",
    "vendor-report",
    "risk-review",
]
KINDS: tuple[Kind, ...] = (
    "policy-review",
    "control-execution",
    "evidence-missing",
    "exception-expiry",
    "retro-approval",
    "reliance-review",
    "approval-pending",
    "acknowledgment",
    "remediation",
    "vendor-review",
    "vendor-report",
    "risk-review",
)
Status = Literal["overdue", "due-soon", "ok"]
FIELDS = (
    "id",
    "kind",
    "title",
    "owner",
    "due",
    "status",
    "days",
    "period",
    "last",
    "escalate_to",
    "source",
)


@dataclass(frozen=True)
class DueItem:
    """One open obligation (SPEC §5 ``due`` item)."""

    id: str
    kind: Kind
    title: str
    owner: str
    due: date
    status: Status
    days: int
    period: str | None
    last: date | None
    escalate_to: tuple[str, ...]
    source: str
    last_committed: bool = True
    """False when ``last`` comes only from records that are not committed (SPEC §7.1):
    the table and the Markdown digest say so; the JSON and CSV keys stay SPEC §5's."""

    def as_dict(self) -> dict[str, object]:
        """The JSON object of this item, keys in SPEC order."""
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "owner": self.owner,
            "due": self.due.isoformat(),
            "status": self.status,
            "days": self.days,
            "period": self.period,
            "last": self.last.isoformat() if self.last else None,
            "escalate_to": list(self.escalate_to),
            "source": self.source,
        }

    def sort_key(self) -> tuple[bool, date, str, str, str, str]:
        return (
            self.status != "overdue",
            self.due,
            self.id,
            self.kind,
            self.period or "",
            self.owner,
        )


@dataclass(frozen=True)
class DueReport:
    """Every open obligation as of one date, overdue first, then by due date, id, kind."""

    as_of: date
    items: tuple[DueItem, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {"as_of": self.as_of.isoformat(), "items": [i.as_dict() for i in self.items]}


@dataclass(frozen=True)
class Subject:
    """What an item is about: its id, title, owner, source file, profile and escalation."""

    id: str
    title: str
    owner: str
    source: str
    profile: Profile
    escalation: tuple[str, ...] = ()


def status_of(days: int, profile: Profile) -> Status:
    """``overdue`` after the due day, ``due-soon`` within the profile's window, else ``ok``."""
    if days < 0:
        return "overdue"
    return "due-soon" if days <= profile.due_soon_days else "ok"


def make_item(
    subject: Subject,
    kind: Kind,
    due: date,
    as_of: date,
    *,
    period: str | None = None,
    last: date | None = None,
    owner: str | None = None,
    source: str | None = None,
    last_committed: bool = True,
) -> DueItem:
    """An item with status, days and escalation decided from the subject's profile."""
    days = (due - as_of).days
    escalate = subject.escalation if days < -subject.profile.escalate_after_days else ()
    return DueItem(
        id=subject.id,
        kind=kind,
        title=subject.title,
        owner=owner or subject.owner,
        due=due,
        status=status_of(days, subject.profile),
        days=days,
        period=period,
        last=last,
        escalate_to=tuple(escalate),
        source=source or subject.source,
        last_committed=last_committed,
    )


def sorted_report(as_of: date, items: Iterable[DueItem]) -> DueReport:
    """A report with duplicates (same id, kind, period, owner) dropped and items sorted."""
    unique = {(i.id, i.kind, i.period, i.owner): i for i in items}
    return DueReport(as_of, tuple(sorted(unique.values(), key=DueItem.sort_key)))


def select(
    items: Iterable[DueItem],
    *,
    within: int | None = None,
    kinds: Sequence[str] = (),
    owner: str | None = None,
    config: Config | None = None,
) -> list[DueItem]:
    """Items with ``days <= within`` (overdue included), of ``kinds``, owned by ``owner``.

    ``owner`` matches items owned by that person, or by a team the person is a member or
    the lead of.
    """
    org = People(config)
    return [
        i
        for i in items
        if (within is None or i.days <= within)
        and (not kinds or i.kind in kinds)
        and (owner is None or org.owned_by(i.owner, owner))
    ]
