"""Running git: the one place soc2flow starts a git process, and the refusals (exit 2)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from soc2flow.errors import CannotRun, NoCommits, NotARepository, ShallowClone, UnknownRevision

if TYPE_CHECKING:
    from git import Repo

# Settings that would change what git prints, pinned whatever the user's config says.
# Replacement objects and grafts make git show history that was never committed: off.
PINNED = (
    "--no-replace-objects",
    "-c", "core.quotePath=false",
    "-c", "color.ui=never",
    "-c", "log.showSignature=false",
    "-c", "diff.renames=true",
    "-c", "log.follow=false",
    "-c", "core.fsmonitor=false",
)  # fmt: skip

NOTES_REF = "refs/notes/soc2flow"
# Pathspec magic (":(glob)...") read as magic whatever the caller's environment says.
_ENV = {
    "GIT_GRAFT_FILE": os.devnull,
    "GIT_NO_REPLACE_OBJECTS": "1",
    "GIT_LITERAL_PATHSPECS": "0",
}


def _env() -> dict[str, str]:
    return {**os.environ, **_ENV}


class GitFailed(CannotRun):
    """A git command failed unexpectedly (a broken repository, a missing git identity)."""


class GitMissing(GitFailed):
    """The git executable is not installed or not on PATH."""


_MISSING = "git is not installed or not on PATH; install git (https://git-scm.com) and retry"


def _spawned(exc: FileNotFoundError, root: Path) -> GitFailed:
    """What a FileNotFoundError from starting git means: no git, or no folder to run in."""
    if exc.filename == "git":
        return GitMissing(_MISSING)
    return GitFailed(f"cannot run git in {root}: {exc.strerror or exc}")


def run(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run one git command in ``root`` with the pinned settings; its exit code is the caller's."""
    try:
        return subprocess.run(
            ["git", *PINNED, *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            check=False,
            env=_env(),
        )
    except FileNotFoundError as exc:
        raise _spawned(exc, root) from None


def git(root: Path, *args: str, stdin: bytes | None = None, check: bool = True) -> bytes:
    """Run one git command in ``root`` and return its stdout."""
    proc = run(root, *args, stdin=stdin)
    if check and proc.returncode != 0:
        raise GitFailed(f"git {args[0]} failed: {last_line(proc.stderr) or proc.returncode}")
    return proc.stdout


def last_line(stderr: bytes) -> str:
    """The last line git wrote to stderr (its error), or ""."""
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else ""


def popen(
    root: Path,
    *args: str,
    stdin: bool = False,
    stderr: IO[bytes] | None = None,
    stdout: IO[bytes] | None = None,
) -> subprocess.Popen[bytes]:
    """Start a long-running git command whose stdout is read as a stream.

    stderr goes to ``stderr`` (a file, so that a chatty git never blocks on a full pipe
    nobody reads), or nowhere; stdout to a pipe, or to ``stdout`` (a file: git then
    runs at full speed while nobody reads yet).
    """
    try:
        return subprocess.Popen(
            ["git", *PINNED, *args],
            cwd=root,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=stdout if stdout is not None else subprocess.PIPE,
            stderr=stderr if stderr is not None else subprocess.DEVNULL,
            env=_env(),
        )
    except FileNotFoundError as exc:
        raise _spawned(exc, root) from None


@contextmanager
def repository(root: Path) -> Iterator[Repo]:
    """The repository at ``root`` as a GitPython ``Repo``, closed (its git processes ended) after.

    GitPython is imported here, when a command first needs it, never at start-up. It runs
    git itself (``git version`` when imported, ``git cat-file`` for objects); those
    processes belong to this handle.
    """
    try:
        import git as gitpython
    except ModuleNotFoundError:  # GitPython itself is missing: a broken installation
        raise
    except ImportError:  # GitPython refuses to load when it cannot run ``git version``
        raise GitMissing(_MISSING) from None
    try:
        repo = gitpython.Repo(root)
    except (gitpython.InvalidGitRepositoryError, gitpython.NoSuchPathError):
        raise NotARepository(f"{root} is not a git repository") from None
    try:
        yield repo
    except gitpython.GitCommandNotFound:  # git went missing after GitPython was imported
        raise GitMissing(_MISSING) from None
    finally:
        repo.close()


def commit_id(repo: Repo, rev: str) -> str | None:
    """The id of the commit ``rev`` names in ``repo`` (GitPython's rev-parse), or None."""
    from gitdb.exc import ODBError

    try:
        return repo.commit(rev).hexsha
    except (ValueError, ODBError):  # not a name, not a commit (a tree, a blob)
        return None


@dataclass(frozen=True)
class Located:
    """Where a repository is and which commit a revision names."""

    root: Path
    git_dir: Path
    head: str
    branch: str | None  # the checked-out branch, None when HEAD is detached


def locate(root: Path, rev: str = "HEAD", option: str = "--rev") -> Located:
    """Check that ``root`` is a non-shallow git repository with commits; resolve ``rev``."""
    if not root.is_dir():
        raise NotARepository(f"{root} is not a directory; pass --repo a git repository")
    proc = run(
        root, "rev-parse", "--show-toplevel", "--absolute-git-dir", "--is-shallow-repository"
    )
    lines = proc.stdout.decode("utf-8", "replace").splitlines()
    if proc.returncode != 0 or len(lines) != 3:
        raise NotARepository(
            f"{root} is not inside a git repository; soc2flow reads versions and approvals "
            "from git, so run it in a clone of the repository, not a copy of its files"
        )
    top, git_dir, shallow = lines
    if shallow == "true":
        raise ShallowClone(
            "this is a shallow clone, so versions and approvals cannot be read; fetch the full "
            "history with `git fetch --unshallow` (in GitHub Actions: actions/checkout with "
            "`fetch-depth: 0`)"
        )
    head = _resolve(root, rev, option)
    branch = git(root, "symbolic-ref", "-q", "--short", "HEAD", check=False).decode().strip()
    return Located(Path(top), Path(git_dir), head, branch or None)


def _resolve(root: Path, rev: str, option: str) -> str:
    if rev.startswith("-"):
        raise UnknownRevision(f"{option} {rev!r} is not a revision; name a commit, branch or tag")
    out = git(
        root,
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        f"{rev}^{{commit}}",
        check=False,
    )
    head = out.decode().strip()
    if head:
        return head
    if not git(root, "rev-list", "-n", "1", "--all", check=False).strip():
        raise NoCommits(
            "the repository has no commits yet; commit the compliance files first, "
            "then soc2flow can read their versions"
        )
    raise UnknownRevision(
        f"{option} {rev!r} does not name a commit in this repository; "
        "check the branch, tag or commit id (git log --oneline)"
    )
