"""Where the workflow commands may write: inside the repository, never through a symlink
that leads out of it (a symlinked ``evidence/`` or ``.github/`` must not redirect writes)."""

from __future__ import annotations

import os
from pathlib import Path

from soc2flow.errors import BadInput


def ensure_inside(root: Path, target: Path) -> None:
    """Refuse ``target`` when its nearest existing folder resolves outside ``root``."""
    base = Path(os.path.realpath(root))
    parent = target.parent
    while not os.path.lexists(parent) and parent != root and parent != parent.parent:
        parent = parent.parent
    if not os.path.lexists(parent):
        return  # nothing on the way exists yet, so nothing on the way is a symlink
    if not Path(os.path.realpath(parent)).is_relative_to(base):
        rel = os.path.relpath(target, root)
        raise BadInput(
            f"{rel} would be written outside the repository through a symlinked folder; "
            "replace the symlink with a real folder"
        )
