"""The ``due`` use case: load the repository and its history, compute what is due."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from soc2flow.errors import BadInput
from soc2flow.loading.source import CONFIG, FileSource
from soc2flow.schedule.context import Dated, HistoryView
from soc2flow.schedule.engine import compute_due
from soc2flow.schedule.result import DueRun

if TYPE_CHECKING:
    from soc2flow.history.repo_history import RepoHistory
    from soc2flow.schedule.cache import State


class _AtRevision:
    """History read at a revision other than the work tree's: nothing is uncommitted."""

    def __init__(self, history: HistoryView) -> None:
        self._history = history

    def first_change(self, path: str) -> Dated | None:
        return self._history.first_change(path)

    def dirty_paths(self) -> set[str]:
        return set()

    def committed(self, path: str) -> bool:
        return True  # the files come from the commit's tree


def run_due(
    root: Path, rev: str, as_of_in: Callable[[str | None], date], *, use_cache: bool = True
) -> DueRun:
    """Load ``root`` (the work tree, or the tree of ``rev`` when it is not HEAD) and compute.

    ``as_of_in(timezone)`` gives the as-of date once the configured timezone is known.
    With ``use_cache``, a report cached for exactly this state and date is served, and a
    computed one is cached (soc2flow.schedule.cache).
    """
    from soc2flow.history.background import start_history
    from soc2flow.schedule import cache

    if not (root / "soc2flow.yaml").exists():
        raise BadInput(f"{root} has no soc2flow.yaml; run soc2flow init or pass --repo")
    if use_cache and cache.present(root):
        state = cache.probe(root, rev)
        hit = cache.lookup(state, as_of_in) if state is not None else None
        if hit is not None:
            return hit
        pending = start_history(root, rev, use_cache=use_cache)  # git log runs meanwhile
    else:  # nothing to serve: start reading history first, probe meanwhile
        pending = start_history(root, rev, use_cache=use_cache)
        state = cache.probe(root, rev) if use_cache else None
    return _compute(root, rev, as_of_in, pending.result, state)


def _compute(
    root: Path,
    rev: str,
    as_of_in: Callable[[str | None], date],
    history_of: Callable[[], RepoHistory],
    state: State | None,
) -> DueRun:
    from soc2flow.history.approvals import item_versions
    from soc2flow.history.eol import committed_if_unchanged
    from soc2flow.history.governance import pending
    from soc2flow.loading import WorkTree, load_repository
    from soc2flow.rules.broken import broken_records, without_broken
    from soc2flow.schedule import cache

    at_head = rev == "HEAD"
    listed_at = time.time_ns()
    source: FileSource
    if at_head:
        source = WorkTree(root, stamped=state is not None)
        loaded = load_repository(source)
        history = history_of()
    else:
        history = history_of()
        source = history.tree_source()
        loaded = load_repository(source)
    repo = loaded.repo
    config = repo.config.model if repo.config else None
    as_of = as_of_in(config.timezone if config else None)
    versions = item_versions(repo, history)
    view: HistoryView = history if at_head else _AtRevision(history)
    voided = broken_records(
        repo, source, as_of, committed_if_unchanged
    )  # broken evidence satisfies nothing
    counted = without_broken(repo, voided)
    report = compute_due(counted, versions, view, as_of, pending(history, config))
    skipped = len({d.path for d in loaded.diagnostics if d.rule != "config-missing"})
    names = {p.id: p.name for p in config.people} if config else {}
    fresh = tuple(sorted(e.path for e in counted.records if not view.committed(e.path)))
    run = DueRun(report, config, skipped, names, fresh)
    if state is not None and not fresh:  # the cache keeps no uncommitted record
        try:
            text = source.read(CONFIG).decode("utf-8") if repo.config else None
        except (OSError, UnicodeDecodeError):  # changed since it loaded: nothing to cache
            return run
        stamps = source.stamps if isinstance(source, WorkTree) else {}
        cache.store_later(state, run, cache.Inputs(repo.files, stamps, text, listed_at))
    return run


def future_commits(root: Path, rev: str, now: datetime, *, use_cache: bool = True) -> list[str]:
    """One sentence per first-parent commit dated more than a day after ``now`` (the CLI's
    clock): ``due`` reports them as commit-date-suspect errors."""
    from soc2flow.history import load_history
    from soc2flow.rules.dates import suspect_commits

    history = load_history(root, rev, use_cache=use_cache)
    return [
        f"commit {landed.commit.id[:12]} {why}; dates in git are claims"
        for landed, why, is_error in suspect_commits(history.line, now)
        if is_error
    ]
