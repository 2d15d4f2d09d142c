"""The rule framework: what a rule is, what it sees, how it reports.

A rule is a function ``check(ctx: RuleContext) -> Iterable[Hit]`` registered with
``@rule(...)`` under a stable kebab-case ID, a default severity, a one-line summary
(the docstring's first line) and a failing and a passing example. The runner turns
each Hit into a Diagnostic carrying the rule's ID and severity.

Rules that read git history set ``needs_history=True``; they run only when the
context carries ``history`` (and ``versions``), and are skipped with a note otherwise.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from soc2flow.diagnostics import Severity
from soc2flow.domain.org import People
from soc2flow.domain.seams import CommittedBlob, GovernanceFacts, RuleHistory, Versions
from soc2flow.loading import Entry, FileSource, Repository
from soc2flow.models import Config, Person


@dataclass(frozen=True)
class Hit:
    """One place where a rule is broken."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity | None = None  # a rule with two levels (commit-date-suspect)


def hit(entry: Entry[Any], keys: tuple[str | int, ...], message: str) -> Hit:
    """A Hit at the position of ``keys`` (a key path) in ``entry``'s file."""
    line, column = entry.at(*keys)
    return Hit(entry.path, line, column, message)


@dataclass
class RuleContext:
    """Everything a rule may look at. Rules read it; they never change it.

    ``history``, ``versions`` and ``governance`` are set by the validate use case when
    the repository has git history (``soc2flow.history.RepoHistory``, the result of
    ``item_versions`` and ``governance_of``, typed by the Protocols of
    ``soc2flow.domain.seams``); they are None otherwise. ``committed_blob`` reads the HEAD
    blob of a work-tree file git calls unchanged (line endings); None skips that check.
    ``extras`` is a place for values one family of rules computes once and shares.
    """

    repo: Repository
    source: FileSource
    as_of: date
    history: RuleHistory | None = None
    versions: Versions | None = None
    governance: GovernanceFacts | None = None
    committed_blob: CommittedBlob | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def config(self) -> Config | None:
        return self.repo.config.model if self.repo.config else None

    @cached_property
    def org(self) -> People:
        """The one model of the organisation (``soc2flow.domain.org``)."""
        return People(self.config)

    @property
    def people(self) -> dict[str, Person]:
        """Each person by id; the first entry of an id wins (person-duplicate)."""
        return self.org.persons

    @cached_property
    def teams(self) -> set[str]:
        config = self.config
        return set(config.teams) if config else set()

    @cached_property
    def file_set(self) -> frozenset[str]:
        return frozenset(self.repo.files)

    def source_has(self, path: str) -> bool:
        """Whether ``path`` is a file of the repository (a safe relative path that exists)."""
        return safe_relative(path) and self.source.exists(path)

    def frameworks(self) -> list[str]:
        config = self.config
        return list(config.frameworks) if config else []


def safe_relative(path: str) -> bool:
    """A relative POSIX path with no ``..``, no backslash and no empty parts."""
    if not path or path.startswith("/") or "\\" in path or ":" in path.split("/")[0]:
        return False
    return all(part not in ("", ".", "..") for part in path.split("/"))


Check = Callable[[RuleContext], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """A validation rule: stable ID, default severity, documentation with examples.

    ``check`` is None for the loader's findings (emitted while reading files).
    """

    id: str
    severity: Severity
    summary: str
    fails: str
    passes: str
    check: Check | None = None
    needs_history: bool = False
    family: str = ""

    def run(self, ctx: RuleContext) -> Iterator[Hit]:
        if self.check is not None:
            yield from self.check(ctx)


REGISTRY: dict[str, Rule] = {}


def register(item: Rule) -> Rule:
    if item.id in REGISTRY and REGISTRY[item.id] != item:
        raise ValueError(f"rule id {item.id!r} registered twice")
    REGISTRY[item.id] = item
    return item


def rule(
    rule_id: str,
    severity: Severity,
    *,
    fails: str,
    passes: str,
    needs_history: bool = False,
) -> Callable[[Check], Check]:
    """Register ``check`` as the rule ``rule_id``; its docstring's first line is the summary."""

    def decorate(check: Check) -> Check:
        doc = inspect.getdoc(check) or ""
        register(
            Rule(
                id=rule_id,
                severity=severity,
                summary=doc.splitlines()[0] if doc else "",
                fails=fails,
                passes=passes,
                check=check,
                needs_history=needs_history,
                family=check.__module__.rsplit(".", 1)[-1],
            )
        )
        return check

    return decorate
