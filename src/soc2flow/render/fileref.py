"""A file of the binder with its hash (shared by the binder model and the register model)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FileRef:
    """One file of the binder: a repo path, what it proves and its sha256 at the commit."""

    path: str
    sha256: str
    evidence: str = ""
    recorded: str = ""
    present: bool = True

    @property
    def matches(self) -> bool:
        """The hash recorded in the execution record is the hash of the committed file."""
        return self.present and (not self.recorded or self.recorded == self.sha256)
