"""What ``soc2flow show`` says about a control's period: status counts and each record's
performed and recorded dates with its label (SPEC §7.1, §7.2)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from soc2flow.domain.recorded import label_of, recorded_of, within_days
from soc2flow.loading import Entry, Repository, WorkTree, load_repository
from soc2flow.models import Record
from soc2flow.usecases.history import ItemHistory


def timeline_json(item: ItemHistory, root: Path, rev: str, as_of: date) -> dict[str, Any]:
    """``status`` (counts in the audit period) and ``records`` of a control; {} otherwise."""
    if item.kind != "control" or item.history is None:
        return {}
    from soc2flow.history.approvals import item_versions
    from soc2flow.schedule.context import Context
    from soc2flow.schedule.standing import control_standing, window_of

    repo = _work_tree(root) if rev == "HEAD" else item.repo
    config = repo.config.model if repo.config else None
    entry = repo.controls.get(item.id) or item.entry
    if entry is None:
        return {}
    ctx = Context(repo, config, item_versions(repo, item.history), item.history, as_of)
    window = window_of(ctx, as_of)
    standing = control_standing(ctx, entry, window, as_of)
    limit = within_days(config, entry.model.criticality)
    adopted = config.adopted if config else None
    records = sorted(ctx.records_of(item.id), key=lambda e: (e.model.performed, e.path))
    return {
        "status": {
            "period": {"start": window[0].isoformat(), "end": window[1].isoformat()},
            "counts": standing.counts,
            "text": standing.text,
        },
        "records": [_record(item, e, adopted, limit, work_tree=rev == "HEAD") for e in records],
    }


def _work_tree(root: Path) -> Repository:
    return load_repository(WorkTree(root)).repo


def _record(
    item: ItemHistory, entry: Entry[Record], adopted: date | None, limit: int, *, work_tree: bool
) -> Any:
    """A record's dates and label; one read from the work tree that is not HEAD's file
    (new, or edited since its commit) has no recorded date: not committed (SPEC §7.1)."""
    assert item.history is not None
    record = entry.model
    recorded = recorded_of(item.history, entry.path, record.performed)
    if work_tree and not item.history.committed(entry.path):
        recorded = None
    return {
        "path": entry.path,
        "performed": record.performed.isoformat(),
        "performed_by": record.performed_by,
        "covers": record.covers,
        "result": record.result,
        "recorded": recorded.as_dict() if recorded else None,
        "label": label_of(record.performed, recorded, adopted, limit),
    }
