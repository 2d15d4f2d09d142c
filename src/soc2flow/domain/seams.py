"""What rules and the due engine may ask of history, as Protocols: ``history.RepoHistory``
and ``history.governance`` satisfy them, and neither ``rules/`` nor ``schedule/`` needs to
import those modules to name the types."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol

from soc2flow.domain.changes import Change, Commit
from soc2flow.domain.judging import Version


class Landing(Protocol):
    """A commit on the first-parent line (``history.graph.Landed``)."""

    @property
    def commit(self) -> Commit: ...

    @property
    def floor(self) -> datetime | None: ...

    @property
    def own_date(self) -> datetime: ...

    @property
    def suspect(self) -> bool: ...


class RuleHistory(Protocol):
    """The history of the repository, as the history rules read it."""

    @property
    def line(self) -> Sequence[Landing]: ...

    @property
    def notes(self) -> Mapping[str, object]: ...

    def first_change(self, path: str) -> Change | None: ...

    def on_default_branch(self) -> bool: ...

    def dirty_paths(self) -> set[str]: ...

    def committed(self, path: str) -> bool: ...

    def note_problems(self, commit: str) -> list[str]: ...


class PendingGovernance(Protocol):
    """A governance file whose newest change waits for governors (``history.governance.Pending``)."""

    @property
    def path(self) -> str: ...

    @property
    def version(self) -> Version: ...

    @property
    def governors(self) -> tuple[str, ...]: ...


class GovernanceFacts(Protocol):
    """The governance changes that are not in force (``history.governance.Governance``)."""

    @property
    def unapproved(self) -> Sequence[Version]: ...

    @property
    def paths(self) -> tuple[str, ...]: ...


Versions = Mapping[str, Sequence[Version]]
"""Every item's versions by ID, newest first (``history.approvals.item_versions``)."""

CommittedBlob = Callable[[Path, str], bytes | None]
"""The HEAD blob of a file git calls unchanged (``history.eol.committed_if_unchanged``)."""
