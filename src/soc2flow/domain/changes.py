"""What one pass over git history yields: plain, frozen, picklable values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Provenance = Literal["signed", "pr-review", "trailer"]


@dataclass(frozen=True)
class FileChange:
    """One file in one commit's diff against its first parent (``git log --raw``)."""

    status: str  # A, M, D, R, T (the letter; rename scores dropped)
    path: str  # the path after the change (for D: the path that went away)
    old_path: str | None  # the path before a rename
    blob: str | None  # the blob id after the change; None when deleted


@dataclass(frozen=True)
class Commit:
    """One commit as ``git log`` printed it."""

    id: str
    parents: tuple[str, ...]
    author_name: str
    author_email: str
    date: str  # committer date, strict ISO 8601
    signature: str  # %G?: G good, U good but untrusted, N none, B bad, ...
    signing_key: str  # %GF: the key's fingerprint (SHA256:… for SSH, hex for GPG)
    signer: str  # %GS: the allowed-signers principal (SSH) or key user id (GPG)
    subject: str
    trailers: tuple[tuple[str, str], ...]  # (key, value) in order
    files: tuple[FileChange, ...]

    @property
    def author(self) -> str:
        return f"{self.author_name} <{self.author_email}>"


@dataclass(frozen=True)
class ParsedLog:
    """Every commit reachable from ``head``, as parsed from one ``git log`` process.

    This is what a history cache stores: it depends only on ``head`` and on the
    allowed-signers file used to verify signatures (``signers_digest``).
    """

    head: str
    signers_digest: str
    commits: tuple[Commit, ...]


@dataclass(frozen=True)
class RawApproval:
    """An approval as git records it, before identities are mapped to people."""

    identity: str  # "Name <email>", an SSH principal, a GPG user id or a GitHub login
    provenance: Provenance
    commit: str  # the commit (or merge commit) that carries the approval
    signer: str = ""  # the GPG user id of the signature on that commit, when signed
    key: str = ""  # the fingerprint of a cryptographically good signature on that commit


@dataclass(frozen=True)
class Change:
    """One version of one file: a commit on the first-parent line that changed it.

    A change that landed through a merge is the merge commit; its ``authors`` are
    the authors of the branch commits, not the person who merged.
    """

    commit: str
    date: datetime
    authors: tuple[str, ...]  # "Name <email>" of each author, first author first
    pr: int | None
    paths: tuple[str, ...]  # every path the change touched (names after the change)
    path: str  # this file's path in that commit
    status: str  # A, M, D, R, T
    blob: str | None  # this file's blob id after the change
    raw_approvals: tuple[RawApproval, ...]
    subject: str = ""
    merge: bool = False
    old_path: str | None = None  # the path before a rename
    # (author identity, signature fingerprint, GPG user id) of each commit that made the
    # change: the branch commits of a merge, or the commit itself
    made: tuple[tuple[str, str, str], ...] = ()
    parent: str | None = None  # the first parent of the landing commit
