"""``load_history``: the checks, the one pass, the notes; and ``RepoHistory`` over them."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from soc2flow.domain.changes import Change, ParsedLog, RawApproval
from soc2flow.history.cache import parsed_log as cached_log
from soc2flow.history.git import Located, git, locate
from soc2flow.history.graph import Landed, Touch, first_parent_line, in_zone, index_paths
from soc2flow.history.log import read_log
from soc2flow.history.notes import Note, Review, read_notes
from soc2flow.history.tree import CatFile, GitTree
from soc2flow.loading.repository import VERSIONED_DIRS, gc_paused

RECORDS = ":(glob)evidence/**/record.yaml"
"""The execution records, as a git pathspec (GIT_LITERAL_PATHSPECS is pinned off)."""


class RepoHistory:
    """Versions of every file on the first-parent line of one revision."""

    def __init__(
        self, where: Located, parsed: ParsedLog, notes: dict[str, Note], reader: CatFile
    ) -> None:
        self.root = where.root
        self.head = parsed.head
        self.branch = where.branch  # None when HEAD is detached
        self.line: list[Landed] = first_parent_line(parsed)
        self.notes = notes
        self._index = index_paths(self.line)
        self._number = {landed.commit.id: n for n, landed in enumerate(self.line)}
        self._reader = reader
        self._approvals: dict[int, tuple[RawApproval, ...]] = {}
        self._tree: GitTree | None = None

    def use_timezone(self, name: str) -> None:
        """Read every commit date in the organisation's time zone (an IANA name)."""
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            return  # validate reports the bad name; dates stay as git wrote them
        if self.line and self.line[0].zone == zone:
            return
        self.line = in_zone(self.line, zone)

    def landed(self, commit: str) -> Landed | None:
        """The first-parent commit with this id, or None."""
        number = self._number.get(commit)
        return self.line[number] if number is not None else None

    @property
    def detached(self) -> bool:
        return self.branch is None

    def changes(self, path: str) -> list[Change]:
        """The versions of a file (named as at the head), newest first, renames followed."""
        return [self._change(touch) for touch in self._index.get(path, [])]

    def first_change(self, path: str) -> Change | None:
        touches = self._index.get(path)
        return self._change(touches[-1]) if touches else None

    def paths(self) -> list[str]:
        """Every path (as named at the head, or when last deleted) that has a version."""
        return sorted(self._index)

    def _change(self, touch: Touch) -> Change:
        landed = self.line[touch.landed]
        return Change(
            commit=landed.commit.id,
            date=landed.date,
            authors=landed.authors,
            pr=landed.pr,
            paths=tuple(f.path for f in landed.commit.files),
            path=touch.change.path,
            status=touch.change.status,
            blob=touch.change.blob,
            raw_approvals=self._raw_approvals(touch.landed),
            subject=landed.commit.subject,
            merge=len(landed.commit.parents) > 1,
            old_path=touch.change.old_path,
            made=landed.made,
            parent=landed.commit.parents[0] if landed.commit.parents else None,
        )

    def landed_approvals(self, number: int) -> tuple[RawApproval, ...]:
        """Trailers and recorded reviews of the line commit ``line[number]``."""
        return self._raw_approvals(number)

    def _raw_approvals(self, number: int) -> tuple[RawApproval, ...]:
        found = self._approvals.get(number)
        if found is None:
            landed = self.line[number]
            reviews = [
                RawApproval(review.login, "pr-review", landed.commit.id)
                for review in self.note_reviews(landed)
            ]
            found = self._approvals[number] = (*landed.raw_approvals(), *reviews)
        return found

    def position(self, commit: str) -> int | None:
        """Where a commit is on the first-parent line (0 = the head), None when not on it."""
        return self._number.get(commit)

    def note_reviews(self, landed: Landed) -> list[Review]:
        """Reviews recorded on a pull-request merge or squash, of the head it brought in."""
        note = self.notes.get(landed.commit.id)
        if note is None or landed.pr is None:
            return []
        merged = set(landed.commit.parents[1:])
        return [r for r in note.reviews if not merged or r.head in merged]

    def note_problems(self, commit: str) -> list[str]:
        """What is wrong with the note on a commit (malformed, misplaced, a wrong head)."""
        note = self.notes.get(commit)
        if note is None:
            return []
        problems = list(note.problems)
        number = self._number.get(commit)
        if number is None:
            return [
                *problems,
                "the note is on a commit that is not on the first-parent line (a branch "
                "commit, or one not in this history); its reviews are ignored",
            ]
        landed = self.line[number]
        if landed.pr is None and (note.reviews or note.heads):
            problems.append(
                "the note is on a commit that did not land through a pull request "
                "(no merge or squash title); its reviews are ignored"
            )
            return problems
        merged = set(landed.commit.parents[1:])
        for head in sorted(note.heads):
            if merged and head not in merged:
                problems.append(
                    f"the note records reviews of {head[:12]}, which is not the head this "
                    "merge brought in; they are ignored"
                )
        return problems

    @cached_property
    def default_branch(self) -> str | None:
        """The remote's default branch (origin/HEAD), else main or master when checked out."""
        out = git(
            self.root, "symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD", check=False
        )
        remote = out.decode("utf-8", "replace").strip()
        if remote:
            return remote.partition("/")[2] or remote
        return self.branch if self.branch in ("main", "master") else None

    def on_default_branch(self) -> bool:
        """Whether the checked-out branch is the default branch (False when detached)."""
        return self.branch is not None and self.branch == self.default_branch

    def _status(self, untracked: str, *pathspec: str, ignored: bool = False) -> frozenset[str]:
        out = git(
            self.root,
            "status",
            "--porcelain=v1",
            "-z",
            "--no-renames",
            f"--untracked-files={untracked}",
            *(["--ignored=traditional"] if ignored else []),  # with -uall: each file
            "--",
            *pathspec,
        )
        return frozenset(
            entry[3:].decode("utf-8", "replace") for entry in out.split(b"\0") if len(entry) > 3
        )

    def _unvouched(self, *pathspec: str) -> set[str]:
        """Index entries git status does not look at: marked assume-unchanged or
        skip-worktree (``ls-files -v`` tags every other cached file ``H``). Their work-tree
        content may differ from HEAD's without git saying so, so none is vouched for."""
        listed = git(self.root, "ls-files", "-v", "-z", "--", *pathspec)
        return {
            entry[2:].decode("utf-8", "replace")
            for entry in listed.split(b"\0")
            if len(entry) > 2 and not entry.startswith(b"H ")
        }

    @cached_property
    def _dirty(self) -> frozenset[str]:
        # Only the item folders: every caller asks about item files, and git would otherwise
        # spend most of its time checking each of the (many more) evidence files. Ignored
        # files count: soc2flow reads an item file whether or not git ignores it.
        status = self._status("all", *VERSIONED_DIRS, ignored=True)
        return status | self._unvouched(*VERSIONED_DIRS)

    @cached_property
    def _dirty_records(self) -> frozenset[str]:
        # Tracked records only: walking evidence/ for untracked files would cost as much as
        # listing it again; a record HEAD does not hold is told by the history pass instead.
        return self._status("no", RECORDS) | self._unvouched(RECORDS)

    def dirty_paths(self) -> set[str]:
        """Item files whose work-tree content may differ from HEAD (modified, staged, new,
        ignored, deleted, or marked assume-unchanged or skip-worktree).

        Item files are policies, controls, exceptions, vendors and risks; other files are
        not listed.
        """
        return set(self._dirty)

    def committed(self, path: str) -> bool:
        """Whether the work tree's file at ``path`` (an item file or an execution record)
        is the one HEAD holds (SPEC §7.1): HEAD's tree has it and git status lists no
        change of it, in the work tree or the index.

        Not committed: a new file (untracked, ignored or only staged), one edited since its
        commit, and one deleted by a commit and written again. Whether HEAD holds a path
        comes from the one history pass (its newest version on the first-parent line is not
        a deletion); edits from ``git status`` (for records: ``evidence/**/record.yaml``,
        tracked files only, asked once on the first record).
        """
        touches = self._index.get(path)
        if not touches or touches[0].change.status == "D":
            return False
        dirty = self._dirty_records if path.startswith("evidence/") else self._dirty
        return path not in dirty

    def blob(self, commit: str, path: str) -> bytes:
        """A file's content at a commit; KeyError when it has no such file."""
        data = self._reader.read(f"{commit}:{path}")
        if data is None:
            raise KeyError(f"{commit[:12]}:{path}")
        return data

    def blobs(self, ids: list[str]) -> list[bytes | None]:
        """Several blobs by id in one round trip."""
        return self._reader.read_many(ids)

    def tree_source(self) -> GitTree:
        """The files at the head, as a FileSource for ``load_repository``."""
        if self._tree is None:
            self._tree = GitTree(self.root, self.head, self._reader)
        return self._tree

    def close(self) -> None:
        self._reader.close()


def parse_history(where: Located, reader: CatFile) -> ParsedLog:
    """The one ``git log`` pass for ``where.head``; what a cache would store."""
    del reader  # signatures are judged per version (domain.trust), not by one signers file
    return read_log(where.root, where.head)


def load_history(root: Path, rev: str = "HEAD", *, use_cache: bool = True) -> RepoHistory:
    """Read the history of ``rev`` in the repository at ``root`` in one pass.

    Raises NotARepository, NoCommits, ShallowClone or UnknownRevision (exit 2).
    """
    where = locate(root, rev)
    reader = CatFile(where.root)
    with gc_paused():  # many small acyclic objects: the collector's passes cost as much
        parsed = cached_log(where, reader) if use_cache else parse_history(where, reader)
        return RepoHistory(where, parsed, read_notes(where.root, reader), reader)
