"""The validate use case: load the work tree, run every rule, filter and sort the findings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from soc2flow.diagnostics import Diagnostic, Severity
from soc2flow.errors import NoCommits, NotARepository
from soc2flow.loading import Loaded, WorkTree, kind_of, load_repository
from soc2flow.loading.repository import gc_paused
from soc2flow.rules import Rule, RuleContext, all_rules, run_rules

if TYPE_CHECKING:
    from soc2flow.history.background import PendingHistory

Today = Callable[[str], date]
"""Gives today's date in a timezone; the CLI passes one so the core never reads the clock."""


@dataclass(frozen=True)
class ValidateResult:
    """Every finding of one run, sorted by path, line and column."""

    findings: list[Diagnostic]
    files: int
    as_of: date
    notes: list[str] = field(default_factory=list)
    rules: dict[str, Rule] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    def exit_code(self, *, strict: bool = False) -> int:
        """0 clean, 1 errors (or warnings when strict)."""
        return 1 if self.errors or (strict and self.warnings) else 0


def validate(
    root: Path,
    *,
    as_of: date | Today,
    paths: Sequence[str] = (),
    use_history: bool = True,
    use_cache: bool = True,
    now: datetime | None = None,
) -> ValidateResult:
    """Validate the compliance repository at ``root``; ``paths`` (repo-relative) filters findings.

    ``now`` is the moment of the run (the CLI's clock): commits dated more than a day after
    it are errors."""
    with gc_paused():
        return _validate(root, as_of, paths, use_history, use_cache, now)


def _validate(
    root: Path,
    as_of: date | Today,
    paths: Sequence[str],
    use_history: bool,
    use_cache: bool,
    now: datetime | None = None,
) -> ValidateResult:
    source = WorkTree(root)
    rules = all_rules()
    wanted = use_history and any(r.needs_history for r in rules.values())
    pending = _start_history(root, use_cache) if wanted else None  # git runs while files parse
    loaded = load_repository(source)
    day = as_of if isinstance(as_of, date) else as_of(_timezone(loaded))
    ctx = RuleContext(loaded.repo, source, day, committed_blob=_committed_blob)
    ctx.extras["now"] = now
    # Rules that need no history run while git log may still be running.
    found, _ = run_rules(ctx, rules=[r for r in rules.values() if not r.needs_history])
    why = _attach_history(ctx, pending)
    later, notes = run_rules(ctx, why=why, rules=[r for r in rules.values() if r.needs_history])
    found += later
    findings = sorted(d for d in [*loaded.diagnostics, *found] if _selected(d.path, paths))
    files = sum(1 for p in loaded.repo.files if kind_of(p) is not None and _selected(p, paths))
    return ValidateResult(findings, files, day, notes, rules)


def _timezone(loaded: Loaded) -> str:
    config = loaded.repo.config
    return config.model.timezone if config is not None else "UTC"


def _selected(path: str, paths: Sequence[str]) -> bool:
    if not paths:
        return True
    for wanted in paths:
        prefix = wanted.rstrip("/")
        if prefix in ("", ".") or path == prefix or path.startswith(prefix + "/"):
            return True
    return False


def _committed_blob(root: Path, path: str) -> bytes | None:
    """The HEAD blob of a work-tree file git calls unchanged (git runs only when asked)."""
    from soc2flow.history.eol import committed_if_unchanged

    return committed_if_unchanged(root, path)


def _start_history(root: Path, use_cache: bool) -> PendingHistory:
    """Start reading the history in the background (git log runs while files parse)."""
    from soc2flow.history.background import start_history

    return start_history(root, use_cache=use_cache)


def _attach_history(ctx: RuleContext, pending: PendingHistory | None) -> str:
    """Give history rules the repository's history; say why not when there is none."""
    from soc2flow.history.approvals import item_versions
    from soc2flow.history.git import GitMissing
    from soc2flow.history.governance import governance_of

    if pending is None:
        return "--no-history"
    try:
        ctx.history = pending.result()
    except NotARepository:
        return "not a git repository"
    except NoCommits:
        return "no commits yet"
    except GitMissing:
        return "git is not installed"
    ctx.versions = item_versions(ctx.repo, ctx.history)
    ctx.governance = governance_of(ctx.history, ctx.config)
    return ""
