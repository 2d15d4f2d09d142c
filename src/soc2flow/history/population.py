"""The commits that landed on a branch's first-parent line in a window of days.

``soc2flow changes`` reads any repository, often a product's code repository with
years of history, so it reads only what the window needs:

1. the line's monotone clock (``history.clock``): one ``git rev-list --first-parent
   --timestamp`` back to the root, started before the configuration is read;
2. the history engine's one pass (``read_log``) over the commits that landed in the
   window and the branch commits their merges brought in, without diffs;
3. the notes (recorded reviews), as every history reader does.

The result is a ``RepoHistory`` whose ``line`` is exactly the window's changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path

from soc2flow.domain.signers import configured_path
from soc2flow.history.clock import LineClock
from soc2flow.history.git import Located, git
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
    dates: dict[str, int]  # effective time (Unix) of every line commit in the window
    signers: bytes | None = None  # the allowed-signers file that trusts signing keys


def bounds(zone: tzinfo, window: tuple[date, date] | None) -> tuple[float, float]:
    """The window as Unix times: from its first day's midnight to its last day's end."""
    if window is None:
        return float("-inf"), float("inf")
    start = datetime.combine(window[0], time(), zone).timestamp()
    end = datetime.combine(window[1] + timedelta(days=1), time(), zone).timestamp()
    return start, end


def load_window(
    clock: LineClock,
    zone: tzinfo,
    window: tuple[date, date] | None,
    signers: Path | None = None,
) -> Window:
    """The changes that landed on the clock's branch with an effective day in ``window``
    (both ends). ``signers``: the allowed-signers file to verify signatures with; by
    default the one the branch's own soc2flow.yaml names, if any.
    """
    where = clock.where
    low, high = bounds(zone, window)
    guess = clock.guess(low, high)
    with gc_paused():
        # No allowed-signers file for git: it reports each good signature's key, and
        # ``domain.trust`` decides whether that key is trusted (as for item versions).
        # The window's commits are read while git walks the rest of the line to the root.
        early = read_log(where.root, guess[0], None, exclude=guess[1], raw=False) if guess else None
        picked, base = clock.window(low, high)
        if not picked:
            return Window(where.root, where.head, where.branch, None, {})
        newest = picked[0][0]
        exact = guess == (newest, base)
        parsed = (
            early
            if exact and early is not None
            else read_log(where.root, newest, exclude=base, raw=False)
        )
        reader = CatFile(where.root)
        trusted = signers.read_bytes() if signers is not None else _own_signers(reader, where.head)
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
