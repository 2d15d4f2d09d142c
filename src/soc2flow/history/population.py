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

import threading
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path

from soc2flow.domain.changes import ParsedLog
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


class WindowLog:
    """The window's log, read in a thread from the moment the window's days are known.

    git must walk all of ``<newest> ^<base>`` before it prints its first commit (a
    fifth of a second on 50,000 commits); meanwhile the caller imports, reads the notes
    and the signers. The thread reads the clock's first lines (``LineClock.guess``) and
    the log of that guess; ``load_window`` keeps it only when the finished clock agrees.
    """

    def __init__(self, clock: LineClock, zone: tzinfo, window: tuple[date, date] | None) -> None:
        self.clock, self.bounds = clock, bounds(zone, window)
        self.guess: tuple[str, str | None] | None = None
        self.parsed: ParsedLog | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._read, name="window-log", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            with gc_paused():
                self.guess = guess = self.clock.guess(*self.bounds)
                if guess is not None:
                    root = self.clock.where.root
                    self.parsed = read_log(root, guess[0], None, exclude=guess[1], raw=False)
        except BaseException as exc:  # raised again in the caller's thread by ``result``
            self._error = exc

    def result(self) -> tuple[tuple[str, str | None] | None, ParsedLog | None]:
        """The guess and its log (None when the guessed window is empty)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self.guess, self.parsed


def load_window(
    clock: LineClock,
    zone: tzinfo,
    window: tuple[date, date] | None,
    signers: Path | None = None,
    early: WindowLog | None = None,
) -> Window:
    """The changes that landed on the clock's branch with an effective day in ``window``
    (both ends). ``signers``: the allowed-signers file to verify signatures with; by
    default the one the branch's own soc2flow.yaml names, if any. ``early``: the log of
    the same window, already started.
    """
    where = clock.where
    low, high = bounds(zone, window)
    with gc_paused():
        # No allowed-signers file for git: it reports each good signature's key, and
        # ``domain.trust`` decides whether that key is trusted (as for item versions).
        # The window's commits are read while git walks the rest of the line to the root,
        # and the notes and signers while git walks the window.
        if early is None or early.clock is not clock or early.bounds != (low, high):
            early = WindowLog(clock, zone, window)
        reader = CatFile(where.root)
        own = _own_signers(reader, where.head) if signers is None else None
        notes = read_notes(where.root, reader)
        picked, base = clock.window(low, high)  # the clock is read while the log's thread waits
        guess, first = early.result()
        if not picked:
            reader.close()
            return Window(where.root, where.head, where.branch, None, {})
        trusted = signers.read_bytes() if signers is not None else own
        newest = picked[0][0]
        exact = guess == (newest, base)
        parsed = (
            first
            if exact and first is not None
            else read_log(where.root, newest, exclude=base, raw=False)
        )
        located = Located(where.root, where.git_dir, newest, where.branch)
        history = RepoHistory(located, parsed, notes, reader)
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
