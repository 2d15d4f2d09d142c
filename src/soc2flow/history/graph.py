"""The first-parent line: which commits landed as versions, through which PR, by whom.

A merge on the first-parent line is one version; the commits it brought in (reachable
from its other parents and not from its first parent) are its branch commits, and
their authors are the version's authors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from soc2flow.domain.changes import Commit, FileChange, ParsedLog, RawApproval
from soc2flow.domain.frozen import filled

_MERGE_PR = re.compile(r"^Merge pull request #(\d+) from ")
_SQUASH_PR = re.compile(r"\(#(\d+)\)\s*$")
_EMAIL = re.compile(r"<([^<>]*)>\s*$")
APPROVED_BY = "approved-by"
REVIEWED_BY = "reviewed-by"
CO_AUTHOR = "co-authored-by"


@dataclass(frozen=True)
class Landed:
    """One commit on the first-parent line, with the branch commits a merge brought in."""

    commit: Commit
    branch: tuple[Commit, ...]  # oldest first; empty for a commit that is not a merge
    floor: datetime | None = None  # the first parent's effective date
    zone: tzinfo | None = None  # the organisation's time zone, when it is known

    @property
    def pr(self) -> int | None:
        return pr_number(self.commit)

    @property
    def own_date(self) -> datetime:
        """The committer date the commit claims."""
        return datetime.fromisoformat(self.commit.date)

    @property
    def date(self) -> datetime:
        """The effective date: the later of the commit's own date and its first parent's
        effective date (a monotone clock on the first-parent line), in ``zone``."""
        own = self.own_date
        found = self.floor if self.floor is not None and self.floor > own else own
        return found.astimezone(self.zone) if self.zone is not None else found

    @property
    def suspect(self) -> bool:
        """The commit claims a date before its first parent's effective date."""
        return self.floor is not None and self.own_date < self.floor

    @property
    def authors(self) -> tuple[str, ...]:
        if not self.branch and not self.commit.trailers:  # most commits: no co-authors
            return (self.commit.author,)
        made = [c for c in self.branch if len(c.parents) < 2] or list(self.branch)
        found: list[str] = []
        for commit in made or [self.commit]:
            found.append(commit.author)
            found.extend(v for k, v in commit.trailers if k.lower() == CO_AUTHOR)
        return tuple(dict.fromkeys(found))

    @property
    def made(self) -> tuple[tuple[str, str, str], ...]:
        """(author, signature key, GPG user id) of the commits that made the change.

        For a merge, its branch commits (the merge itself is the merger's, not a making
        of the change); otherwise the commit itself: its signer created it.
        """
        made = [c for c in self.branch if len(c.parents) < 2] or list(self.branch)
        return tuple((c.author, good_key(c), c.signer) for c in made or [self.commit])

    def raw_approvals(self) -> tuple[RawApproval, ...]:
        """Trailers of the commit itself and, for a merge, of the head it merged.

        Trailers in earlier branch commits approved a state that later commits changed,
        so, like a review of an older head, they do not count.
        """
        if not self.branch and not self.commit.trailers:  # most commits: nothing to read
            return ()
        merged = set(self.commit.parents[1:])
        found = trailer_approvals(self.commit)
        for commit in self.branch:
            if commit.id in merged:
                found.extend(trailer_approvals(commit))
        return tuple(found)


def pr_number(commit: Commit) -> int | None:
    """The pull request a commit landed through: a GitHub merge or a squash title."""
    return pr_from(commit.subject, merge=len(commit.parents) > 1)


def pr_from(subject: str, *, merge: bool) -> int | None:
    """ "Merge pull request #N from …" (a merge commit) or a squash title "… (#N)"."""
    match = _MERGE_PR.match(subject) if merge else None
    match = match or _SQUASH_PR.search(subject)
    return int(match.group(1)) if match else None


def email_of(identity: str) -> str:
    """The email in "Name <email>", or the identity itself (an SSH principal)."""
    match = _EMAIL.search(identity)
    return (match.group(1) if match else identity).strip().lower()


def good_key(commit: Commit) -> str:
    """The fingerprint of a cryptographically good signature on the commit, else "".

    Whether that key is trusted is decided later, per version, by ``domain.trust``.
    """
    return commit.signing_key if commit.signature in ("G", "U") else ""


def trailer_approvals(commit: Commit) -> list[RawApproval]:
    """Approved-by and Reviewed-by trailers, as ``trailer``; the signature key is kept.

    ``history.approvals`` makes an Approved-by ``signed`` when the governance state of
    its time trusts the key and the key belongs to the approver.
    """
    key = good_key(commit)
    found = []
    for name, value in commit.trailers:
        lowered = name.lower()
        if lowered not in (APPROVED_BY, REVIEWED_BY):
            continue
        signed = lowered == APPROVED_BY and bool(key)
        found.append(
            RawApproval(
                value,
                "trailer",
                commit.id,
                commit.signer if signed else "",
                key if signed else "",
            )
        )
    return found


def first_parent_line(log: ParsedLog) -> list[Landed]:
    """The commits on the first-parent line from the head, newest first."""
    by_id = {commit.id: commit for commit in log.commits}
    line: list[Commit] = []
    current = by_id.get(log.head)
    while current is not None:
        line.append(current)
        current = by_id.get(current.parents[0]) if current.parents else None
    taken = {commit.id for commit in line}
    order = {commit.id: n for n, commit in enumerate(log.commits)}
    landed: list[Landed] = []
    floor: datetime | None = None
    for commit in reversed(line):
        branch = _branch_commits(commit, by_id, taken) if len(commit.parents) > 1 else []
        if len(branch) > 1:
            branch.sort(key=lambda c: -order[c.id])
        # Landed(commit, tuple(branch), floor) without its frozen __init__ (a third of
        # this loop on 20,000 commits)
        landed.append(filled(Landed, commit=commit, branch=tuple(branch), floor=floor, zone=None))
        own = datetime.fromisoformat(commit.date)  # ``Landed.date`` without a zone
        floor = floor if floor is not None and floor > own else own
    landed.reverse()
    return landed


def in_zone(line: list[Landed], zone: tzinfo) -> list[Landed]:
    """The same line with its dates read in ``zone``."""
    return [replace(landed, zone=zone) for landed in line]


def _branch_commits(commit: Commit, by_id: dict[str, Commit], taken: set[str]) -> list[Commit]:
    """Commits reachable from a merge's other parents that no older line commit reached."""
    found: list[Commit] = []
    stack = [p for p in commit.parents[1:] if p not in taken]
    while stack:
        sha = stack.pop()
        if sha in taken:
            continue
        taken.add(sha)
        other = by_id.get(sha)
        if other is None:
            continue
        found.append(other)
        stack.extend(p for p in other.parents if p not in taken)
    return found


@dataclass(frozen=True)
class Touch:
    """One file changed by one landed commit: ``landed`` indexes the line (0 = newest)."""

    landed: int
    change: FileChange


def index_paths(line: list[Landed]) -> dict[str, list[Touch]]:
    """For each path as it is named at the head, its touches newest first, renames followed.

    A path deleted and added again continues the same file (an item keeps its ID, so
    its history, approvals and first commit carry over, SPEC §7.6); the deletion is
    one of its touches.
    """
    index: dict[str, list[Touch]] = {}
    alias: dict[str, str | None] = {}  # older name -> name at the head (None: another file)
    for number, landed in enumerate(line):
        for change in landed.commit.files:
            name = alias.get(change.path, change.path)
            if name is None:
                continue
            index.setdefault(name, []).append(Touch(number, change))
            if change.status == "R" and change.old_path is not None:
                alias[change.old_path] = name
                alias[change.path] = None
    return index
