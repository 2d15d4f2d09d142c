"""Governance files change only by approval (SPEC §7.6).

soc2flow.yaml, people.csv, the allowed-signers file and .github/CODEOWNERS are
governance files. The first committed soc2flow.yaml is the root of trust; each later
change of a governance file is a version judged like a ``high`` item and approved by
the governors of the state in force before it. An approved change makes a new state;
an unapproved one changes nothing (``governance-unapproved``). Every commit of the
first-parent line is judged by the state in force at its first parent.

With ``approvals.governance_since`` (read from the last approved state), governance
changes committed before that date are trusted as they stand.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from pydantic import ValidationError

from soc2flow.domain.trust import State, state_of
from soc2flow.history.notes import note_writers
from soc2flow.loading.yamlfile import YamlProblem, parse
from soc2flow.models import Config
from soc2flow.models.config import provenance_of

if TYPE_CHECKING:
    from soc2flow.domain.changes import Change
    from soc2flow.domain.judging import Version
    from soc2flow.history.repo_history import RepoHistory

CONFIG = "soc2flow.yaml"
FIXED = (CONFIG, "people.csv", ".github/CODEOWNERS")
HIGH_DEFAULT = 2


@dataclass(frozen=True)
class Transition:
    """A state that takes effect after the commit at line position ``position``."""

    position: int
    state: State


class Governance:
    """The governance states along the first-parent line of one history."""

    def __init__(self, history: RepoHistory, fallback: Config | None) -> None:
        self.history = history
        configs = [c for c in history.changes(CONFIG) if c.status != "D"]
        self.root: Change | None = configs[-1] if configs else None
        self.paths = self._paths(configs)
        self._by_commit: dict[str, list[Change]] = {}
        for path in self.paths:
            for change in history.changes(path):
                self._by_commit.setdefault(change.commit, []).append(change)
        self.initial = self._initial(fallback)
        self._walk(None)
        since = self.current.since
        if since is not None:
            self._walk(since)

    @property
    def current(self) -> State:
        """The state in force at the head."""
        return self._states[-1] if self._states else self.initial

    def before(self, commit: str) -> State:
        """The state in force at the first parent of a first-parent commit."""
        position = self.history.position(commit)
        if position is None:
            return self.current
        # transitions are kept by descending position (oldest first)
        at = bisect.bisect_right(self._keys, -position - 1)
        return self._states[at - 1] if at else self.initial

    @cached_property
    def unsigned_notes(self) -> frozenset[str] | None:
        """With ``approvals.recorder`` (in the state at the head): the commits whose review
        note was not added by a notes-ref commit signed by the recorder's trusted key.
        None without a recorder."""
        state = self.current
        recorder = state.config.approvals.recorder if state.config else None
        if not recorder:
            return None
        writers = note_writers(self.history.root)
        wanted = recorder.strip().lower()
        return frozenset(
            commit
            for commit in self.history.notes
            if wanted not in state.ssh.get(writers.get(commit, ""), frozenset())
        )

    def versions(self, path: str) -> list[Version]:
        """The versions of one governance file, newest first."""
        found = [
            self.judged[c.commit] for c in self.history.changes(path) if c.commit in self.judged
        ]
        return [replace(v, path=path) for v in found]

    def _paths(self, configs: list[Change]) -> tuple[str, ...]:
        paths = dict.fromkeys(FIXED)
        blobs = self.history.blobs([c.blob for c in configs if c.blob])
        for data in blobs:
            config = parse_config(data)
            if config and config.approvals.allowed_signers:
                paths[config.approvals.allowed_signers.strip().removeprefix("./")] = None
        return tuple(paths)

    def _initial(self, fallback: Config | None) -> State:
        if self.root is None:
            return state_of(fallback, None, None)
        return replace(self._state_at(self.root.commit, None), root=True)

    def _state_at(self, commit: str, previous: State | None) -> State:
        config = parse_config(self._read(commit, CONFIG))
        if config is None and previous is not None:
            config = previous.config
        path = config.approvals.allowed_signers if config else None
        signers = self._read(commit, path.strip().removeprefix("./")) if path else None
        return state_of(config, signers, commit)

    def _read(self, commit: str, path: str) -> bytes | None:
        try:
            return self.history.blob(commit, path)
        except KeyError:
            return None

    def _walk(self, since: date | None) -> None:
        from soc2flow.domain.judging import governance_version

        self._keys: list[int] = []
        self._states: list[State] = []
        self.judged: dict[str, Version] = {}
        self.unapproved: list[Version] = []
        state = self.initial
        order = sorted(
            (p, c) for c in self._by_commit if (p := self.history.position(c)) is not None
        )
        for position, commit in reversed(order):  # oldest first
            change = self._by_commit[commit][0]
            if self.root is not None and commit == self.root.commit:
                self.judged[commit] = root_version(change)
                continue
            if since is not None and change.date.date() < since:
                version = replace(root_version(change), subject=change.subject, problems=())
            else:
                version = governance_version(change, rule_for(state, change), state)
            self.judged[commit] = version
            if not version.approved:
                self.unapproved.append(version)
                continue
            state = self._state_at(commit, state)
            self._keys.append(-position)
            self._states.append(state)


@dataclass(frozen=True)
class Pending:
    """A governance file whose newest change waits for governors (``due``)."""

    path: str
    version: Version
    governors: tuple[str, ...]  # eligible governors who have not approved it


def pending(history: RepoHistory, config: Config | None) -> list[Pending]:
    """The newest unapproved change of each governance file, with whom it waits for."""
    governance = governance_of(history, config)
    found = []
    for path in governance.paths:
        versions = governance.versions(path)
        if not versions or versions[0].approved:
            continue
        newest = versions[0]
        state = governance.before(newest.commit)
        _, eligible, _ = rule_for(state, history.changes(path)[0])
        done = {a.who for a in newest.approvals if a.counted}
        found.append(Pending(path, newest, tuple(sorted(eligible - done))))
    return found


def rule_for(state: State, change: Change) -> tuple[int, frozenset[str], tuple[str, ...]]:
    """(required, eligible governors, counted provenances) for one governance change."""
    from soc2flow.domain.judging import authors_of

    people = state.people
    authors = set(authors_of(change, state))  # signers of the commits that made it too
    eligible = frozenset(people.governors() - authors)
    high = state.config.profiles.get("high") if state.config else None
    wanted = high.approvals if high else HIGH_DEFAULT
    return max(1, min(wanted, len(eligible))), eligible, provenance_of("high", high)


def root_version(change: Change) -> Version:
    from soc2flow.domain.judging import Version

    return Version(
        commit=change.commit,
        date=change.date,
        author="",
        authors=change.authors,
        pr=change.pr,
        paths=change.paths,
        approvals=(),
        approved=True,
        problems=(),
        path=change.path,
        subject=change.subject,
        status=change.status,
    )


def governance_of(history: RepoHistory, fallback: Config | None) -> Governance:
    """The governance of a history, computed once per history."""
    found = getattr(history, "_governance", None)
    if not isinstance(found, Governance):
        found = Governance(history, fallback)
        history._governance = found  # type: ignore[attr-defined]
    return found


def parse_config(data: bytes | None) -> Config | None:
    """soc2flow.yaml as committed, or None when it is not a valid configuration."""
    if data is None:
        return None
    try:
        loaded, _ = parse(data.decode("utf-8"))
        return Config.model_validate(loaded)
    except (YamlProblem, ValueError, ValidationError, RecursionError, TypeError):
        return None
