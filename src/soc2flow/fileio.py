"""Writing output files atomically: a temporary file beside the target, then rename."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any


def write_atomic(target: Path, data: bytes | str) -> None:
    """Write ``data`` to ``target`` so that readers see the old file or the new one, never half."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp makes 0600 files; an output file keeps its old mode, or is 0644 like any new file.
    mode = target.stat().st_mode & 0o7777 if target.is_file() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_writes: list[threading.Thread] = []


def write_later(store: Callable[..., None], *args: Any) -> None:
    """Run ``store(*args)`` (a cache write) in a thread, off the command's path.

    The thread is not a daemon: the interpreter waits for it before exiting, so a file is
    always written whole (and atomically) even when the command finishes first. daemon=False
    is explicit because a thread inherits daemon status from the thread that starts it,
    and history is often read in a daemon thread (history.background).
    """
    thread = threading.Thread(target=store, args=args, name="soc2flow-cache-write", daemon=False)
    _writes.append(thread)
    thread.start()


def wait_for_writes() -> None:
    """Wait until every cache write started by this process is on disk."""
    while _writes:
        _writes.pop().join()
