"""Reading history while the caller loads the repository's files.

``git log`` runs in its own process. Started first and read from a thread, it uses the
machine's other core while this process parses YAML, so a command that needs both pays
for the longer of the two instead of their sum. The answer, and every error
(``CannotRun`` included), is exactly what ``load_history`` would give, at ``result()``.
"""

from __future__ import annotations

import threading
from pathlib import Path

from soc2flow.history.repo_history import RepoHistory, load_history


class PendingHistory:
    """``load_history(root, rev, use_cache=...)`` running in a daemon thread."""

    def __init__(self, root: Path, rev: str, use_cache: bool) -> None:
        self._value: RepoHistory | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(root, rev, use_cache), name="soc2flow-history", daemon=True
        )
        self._thread.start()

    def _run(self, root: Path, rev: str, use_cache: bool) -> None:
        try:
            self._value = load_history(root, rev, use_cache=use_cache)
        except BaseException as exc:  # handed to the caller in result()
            self._error = exc

    def result(self) -> RepoHistory:
        """Wait for the history; raise what ``load_history`` raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._value is not None
        return self._value


def start_history(root: Path, rev: str = "HEAD", *, use_cache: bool = True) -> PendingHistory:
    """Start reading the history of ``rev``; call ``.result()`` when it is needed."""
    return PendingHistory(root, rev, use_cache)
