"""The commits that landed on a branch's first-parent line in a window of days.

``soc2flow changes`` reads any repository, often a product's code repository with
years of history, so it reads only what the window needs:

1. one ``git log --first-parent`` of ids, parents and committer dates, for the
   monotone clock (a commit's effective date is the later of its own committer date
   and its first parent's effective date, so it needs the line back to the root);
2. the history engine's one pass (``read_log``) over the commits that landed in the
   window and the branch commits their merges brought in, without diffs;
3. the notes (recorded reviews), as every history reader does.

The result is a ``RepoHistory`` whose ``line`` is exactly the window's changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path

from soc2flow.domain.signers import configured_path
from soc2flow.history.git import Located, git, locate
from soc2flow.history.log import read_log
from soc2flow.history.notes import read_notes
from soc2flow.history.repo_history import RepoHistory
from soc2flow.history.tree import CatFile
from soc2flow.loading.repository import gc_paused


@dataclass(frozen=True)
class Window:
    """The population of one branch in a window: ``history.line`` is its changes."""

    root: Path
    head: str  # the branch's tip
    branch: str | None  # the checked-out branch when none was named; None when detached
    history: RepoHistory | None  # None when nothing landed in the window
    dates: dict[str, datetime]  # effective date of every line commit in the window
    signers: bytes | None = None  # the allowed-signers file that trusts signing keys


def line_clock(root: Path, head: str) -> list[tuple[str, int]]:
    """The first-parent line from ``head``, newest first, with effective times (Unix).

    ``git rev-list --timestamp`` prints only the committer time and the id, the cheapest
    walk git offers; the effective time is the running maximum from the root.
    """
    out = git(root, "rev-list", "--first-parent", "--timestamp", head, "--")
    pairs = [line.split(b" ", 1) for line in out.splitlines()]
    effective: list[tuple[str, int]] = []
    latest = -(2**62)
    for stamp, sha in reversed(pairs):
        latest = max(latest, int(stamp))
        effective.append((sha.decode(), latest))
    effective.reverse()
    return effective


def bounds(zone: tzinfo, window: tuple[date, date] | None) -> tuple[float, float]:
    """The window as Unix times: from its first day's midnight to its last day's end."""
    if window is None:
        return float("-inf"), float("inf")
    start = datetime.combine(window[0], time(), zone).timestamp()
    end = datetime.combine(window[1] + timedelta(days=1), time(), zone).timestamp()
    return start, end


def load_window(
    root: Path,
    branch: str,
    zone: tzinfo,
    window: tuple[date, date] | None,
    signers: Path | None = None,
) -> Window:
    """The changes that landed on ``branch`` with an effective day in ``window`` (both ends).

    Raises NotARepository, NoCommits, ShallowClone (exit 2, naming ``fetch-depth: 0``)
    or UnknownRevision. ``signers``: the allowed-signers file to verify signatures with;
    by default the one the branch's own soc2flow.yaml names, if any.
    """
    where = locate(root, branch, option="--branch")
    low, high = bounds(zone, window)
    line = line_clock(where.root, where.head)
    picked = [
        (sha, datetime.fromtimestamp(stamp, UTC)) for sha, stamp in line if low <= stamp < high
    ]
    if not picked:
        return Window(where.root, where.head, where.branch, None, {})
    newest, oldest = picked[0][0], picked[-1][0]
    position = next(n for n, (sha, _) in enumerate(line) if sha == oldest)
    base = line[position + 1][0] if position + 1 < len(line) else None
    reader = CatFile(where.root)
    with gc_paused():
        trusted = signers.read_bytes() if signers is not None else _own_signers(reader, where.head)
        # No allowed-signers file for git: it reports each good signature's key, and
        # ``history.trust`` decides whether that key is trusted (as for item versions).
        parsed = read_log(where.root, newest, None, exclude=base, raw=False)
        located = Located(where.root, where.git_dir, newest, where.branch)
        history = RepoHistory(located, parsed, read_notes(where.root, reader), reader)
    return Window(where.root, where.head, where.branch, history, dict(picked), trusted)


def _own_signers(reader: CatFile, commit: str) -> bytes | None:
    """The allowed-signers file that the branch's own soc2flow.yaml names, if any."""
    config = reader.read(f"{commit}:soc2flow.yaml")
    name = configured_path(config) if config is not None else None
    if name is None or "\n" in name:
        return None
    return reader.read(f"{commit}:{name}")


def origin_slug(root: Path) -> str | None:
    """``owner/repo`` of the ``origin`` remote (GitHub URL forms), or None."""
    url = git(root, "remote", "get-url", "origin", check=False).decode("utf-8", "replace").strip()
    if not url:
        return None
    path = url.split(":", 1)[1] if url.startswith("git@") else url
    parts = [p for p in path.removesuffix("/").removesuffix(".git").split("/") if p]
    return "/".join(parts[-2:]).lower() if len(parts) >= 2 else None
