"""When an execution record was recorded, and the label that timing earns (SPEC §7.1).

A record's recorded date is the committer date of the first-parent commit that added
its ``record.yaml``; it comes from the one history pass (``first_change``), never from
a second look at git.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

LABELS = ("migrated", "recorded-late", "not-committed")


class Added(Protocol):
    @property
    def commit(self) -> str: ...

    @property
    def date(self) -> datetime: ...


class FirstChange(Protocol):
    def first_change(self, path: str) -> Added | None: ...


@dataclass(frozen=True)
class Recorded:
    """The commit that added a record, its date and the days from ``performed`` to it."""

    commit: str
    date: date
    lag_days: int

    def as_dict(self) -> dict[str, object]:
        return {"commit": self.commit, "date": self.date.isoformat(), "lag_days": self.lag_days}


def recorded_of(history: FirstChange, path: str, performed: date) -> Recorded | None:
    """The recording of the record at ``path``, or None when it was never committed."""
    change = history.first_change(path)
    if change is None:
        return None
    day = change.date.date()
    return Recorded(change.commit, day, (day - performed).days)


def label_of(
    performed: date, recorded: Recorded | None, adopted: date | None, within_days: int
) -> str | None:
    """``migrated``, ``recorded-late``, ``not-committed`` or None (recorded in time)."""
    if recorded is None:
        return "not-committed"
    if adopted is not None and performed < adopted:
        return "migrated"
    return "recorded-late" if recorded.lag_days > within_days else None


def within_days(config: object, criticality: str) -> int:
    """``record_within_days`` of the profile named ``criticality`` (SPEC §7.7 defaults)."""
    from soc2flow.models.config import Config, record_within_days

    profiles = config.profiles if isinstance(config, Config) else {}
    return record_within_days(criticality, profiles.get(criticality))
