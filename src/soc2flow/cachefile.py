"""The file format of soc2flow's caches under ``.git/soc2flow/``: a JSON header line, a body.

The header carries the sha256 of the body, so a truncated, corrupt or edited file is
never taken for a cache; files are written atomically, and a cache that cannot be
written (a read-only ``.git/``) only loses the speed-up.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any

from soc2flow.fileio import write_atomic

FOLDER = "soc2flow"
"""The caches' folder inside the git directory (``.git/soc2flow/``)."""


def write_checked(path: Path, header: dict[str, Any], body: bytes) -> None:
    """Write ``header`` (plus the body's sha256) and ``body``; never raises OSError."""
    line = json.dumps({**header, "sha256": hashlib.sha256(body).hexdigest()})
    with contextlib.suppress(OSError):
        write_atomic(path, line.encode("utf-8") + b"\n" + body)


def read_checked(path: Path) -> tuple[dict[str, Any], bytes] | None:
    """The header and body, or None when there is no file or the body is not what was written."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    first, _, body = data.partition(b"\n")
    try:
        header = json.loads(first)
    except ValueError:
        return None
    if not isinstance(header, dict) or header.get("sha256") != hashlib.sha256(body).hexdigest():
        return None
    return header, body
