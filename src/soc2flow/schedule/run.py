"""The ``due`` use case: load the repository and its history, compute what is due."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from soc2flow.errors import BadInput
from soc2flow.models import Config
from soc2flow.schedule.context import Dated, HistoryView
from soc2flow.schedule.engine import compute_due
from soc2flow.schedule.items import DueReport, select


@dataclass(frozen=True)
class DueRun:
    """A computed report, the files that could not be loaded, and people's names."""

    report: DueReport
    config: Config | None
    skipped: int = 0
    names: dict[str, str] = field(default_factory=dict)

    def filtered(
        self, *, within: int | None = None, kinds: Sequence[str] = (), owner: str | None = None
    ) -> DueReport:
        items = select(
            self.report.items, within=within, kinds=kinds, owner=owner, config=self.config
        )
        return DueReport(self.report.as_of, tuple(items))


class _AtRevision:
    """History read at a revision other than the work tree's: nothing is uncommitted."""

    def __init__(self, history: HistoryView) -> None:
        self._history = history

    def first_change(self, path: str) -> Dated | None:
        return self._history.first_change(path)

    def dirty_paths(self) -> set[str]:
        return set()


def run_due(
    root: Path, rev: str, as_of_in: Callable[[str | None], date], *, use_cache: bool = True
) -> DueRun:
    """Load ``root`` (the work tree, or the tree of ``rev`` when it is not HEAD) and compute.

    ``as_of_in(timezone)`` gives the as-of date once the configured timezone is known.
    """
    from soc2flow.history.approvals import item_versions
    from soc2flow.history.background import start_history
    from soc2flow.loading import WorkTree, load_repository

    if not (root / "soc2flow.yaml").exists():
        raise BadInput(f"{root} has no soc2flow.yaml; run soc2flow init or pass --repo")
    pending = start_history(root, rev, use_cache=use_cache)  # git log runs meanwhile
    at_head = rev == "HEAD"
    if at_head:
        loaded = load_repository(WorkTree(root))
        history = pending.result()
    else:
        history = pending.result()
        loaded = load_repository(history.tree_source())
    repo = loaded.repo
    config = repo.config.model if repo.config else None
    as_of = as_of_in(config.timezone if config else None)
    versions = item_versions(repo, history)
    view: HistoryView = history if at_head else _AtRevision(history)
    report = compute_due(repo, versions, view, as_of)
    skipped = len({d.path for d in loaded.diagnostics if d.rule != "config-missing"})
    names = {p.id: p.name for p in config.people} if config else {}
    return DueRun(report, config, skipped, names)
