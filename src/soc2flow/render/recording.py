"""When each execution record of the binder was recorded, and its label (SPEC §7.1)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from soc2flow.domain.recorded import FirstChange, label_of, recorded_of, within_days
from soc2flow.loading import Entry, Repository
from soc2flow.models import Record


@dataclass
class Recording:
    """Recorded dates from the one history pass; ``within`` is record_within_days by item."""

    history: FirstChange
    adopted: date | None
    within: Mapping[str, int]
    _seen: dict[str, dict[str, Any]] = field(default_factory=dict)

    def stamp(self, entry: Entry[Record]) -> dict[str, Any]:
        """The Execution fields recorded_commit, recorded_date, lag_days and label."""
        known = self._seen.get(entry.path)
        if known is not None:
            return known
        record = entry.model
        recorded = recorded_of(self.history, entry.path, record.performed)
        label = label_of(
            record.performed, recorded, self.adopted, self.within.get(record.control, 14)
        )
        found: dict[str, Any] = {
            "recorded_commit": recorded.commit if recorded else "",
            "recorded_date": recorded.date.isoformat() if recorded else "",
            "lag_days": recorded.lag_days if recorded else None,
            "label": label or "",
        }
        self._seen[entry.path] = found
        return found


def recording_of(repo: Repository, history: FirstChange) -> Recording:
    """The recording rules of ``repo``: its ``adopted`` date and each item's profile."""
    config = repo.config.model if repo.config else None
    within: dict[str, int] = {}
    for table in (repo.controls, repo.policies):
        for item_id, item in table.items():
            within[item_id] = within_days(config, item.model.criticality)
    return Recording(history, config.adopted if config else None, within)
