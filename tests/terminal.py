"""Run the real CLI on a pseudo-terminal of a given size and read what a person sees."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

from tests.conftest import SRC

# CSI sequences (colours, cursor), OSC sequences (links) and lone escapes.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


def visible(text: str) -> str:
    """The text a terminal shows: escape sequences removed, CRLF read as a newline."""
    return _ESCAPES.sub("", text).replace("\r\n", "\n")


def run_on_terminal(
    *args: str, cwd: Path, columns: int, lines: int = 50, timeout: float = 120
) -> tuple[int, str]:
    """Run ``soc2flow ARGS`` with stdout and stderr on a pty of ``columns`` x ``lines``.

    Returns the exit code and everything written to the terminal, escapes included.
    """
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env |= {
        "PYTHONPATH": str(SRC),
        "COLUMNS": str(columns),
        "LINES": str(lines),
        "TERM": "xterm-256color",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "soc2flow", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        close_fds=True,
    )
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed its end
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    code = proc.wait(timeout=timeout)
    return code, b"".join(chunks).decode("utf-8", errors="replace")
