"""The monotone clock of a branch's first-parent line, read by one early ``git rev-list``.

A commit's effective date is the later of its own committer date and its first parent's
effective date (SPEC §7.6), so the clock needs every first-parent commit back to the
root: a commit dated in the past cannot slide into a period, nor one dated in the future
push the commits after it out of one. ``git rev-list --first-parent --timestamp`` is the
cheapest walk git offers (the committer time and the id, no commit text).

It is started as soon as the branch is known, writing to a temporary file (a pipe nobody
reads yet would stop it), so that git walks while Python imports and reads the
configuration. Its first lines (newest first)
already show where the window lies if the dates near its ends are in order (``guess``):
the caller starts reading the window's commits while git walks on to the root, and keeps
that read only when the finished clock (``window``) agrees.

Only ``history.git`` is imported here, so starting the clock costs no import.
"""

from __future__ import annotations

import os
import tempfile
import time
from bisect import bisect_left
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path
from types import TracebackType

from soc2flow.history.git import GitFailed, Located, last_line, locate, popen


class LineClock:
    """The first-parent line of one branch, its ``git rev-list`` already running."""

    def __init__(self, root: Path, branch: str) -> None:
        """Raises NotARepository, NoCommits, ShallowClone or UnknownRevision (exit 2)."""
        self.where: Located = locate(root, branch, option="--branch")
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._out = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        try:
            self._proc = popen(
                self.where.root,
                "rev-list",
                "--first-parent",
                "--timestamp",
                self.where.head,
                "--",
                stderr=self._errors,
                stdout=self._out,
            )
        except BaseException:
            self._errors.close()
            self._out.close()
            raise

    def _stream(self) -> Iterator[bytes]:
        """The output so far and as git writes it, chunk by chunk, until git ends."""
        fd, taken = self._out.fileno(), 0
        while True:
            ended = self._proc.poll() is not None
            chunk = os.pread(fd, 1 << 20, taken)
            if chunk:
                taken += len(chunk)
                yield chunk
            elif ended:
                return
            else:
                time.sleep(0.002)

    def guess(self, low: float, high: float) -> tuple[str, str | None] | None:
        """The window as the commits' own dates draw it, from the first lines only: the
        newest line commit dated before ``high`` and the first older one dated before
        ``low`` (None: the root is in the window). None when that window is empty.

        It is the window exactly when the finished clock agrees, which it does unless a
        commit near the window's ends claims a date out of order."""
        newest: str | None = None
        rest = b""
        for chunk in self._stream():
            lines = (rest + chunk).split(b"\n")
            rest = lines.pop()
            for line in lines:
                stamp, _, sha = line.partition(b" ")
                when = int(stamp)
                if newest is None and when < high:
                    if when < low:
                        return None
                    newest = sha.decode()
                elif newest is not None and when < low:
                    return newest, sha.decode()
        return (newest, None) if newest is not None else None

    def window(self, low: float, high: float) -> tuple[list[tuple[str, int]], str | None]:
        """The line commits whose effective time (Unix) is in ``[low, high)``, newest first,
        with that time; and the line commit just before the oldest of them (None when it is
        the root, or when none is in the window)."""
        code = self._proc.wait()
        if code != 0:
            self._errors.seek(0)
            raise GitFailed(f"git rev-list failed: {last_line(self._errors.read()) or code}")
        self._out.seek(0)
        tokens = self._out.read().split()
        ids = tokens[1::2]  # newest first
        # The effective times, oldest first: the running maximum from the root. They never
        # decrease along the line, so the window is one slice, found by bisection.
        effective = list(accumulate(reversed([int(t) for t in tokens[0::2]]), max))
        first, last = bisect_left(effective, low), bisect_left(effective, high)
        n = len(effective)
        picked = [(ids[n - 1 - i].decode(), effective[i]) for i in range(last - 1, first - 1, -1)]
        base = ids[n - first].decode() if picked and first > 0 else None
        return picked, base

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        self._errors.close()
        self._out.close()

    def __enter__(self) -> LineClock:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
