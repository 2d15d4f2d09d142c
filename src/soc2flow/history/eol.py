"""Line endings are not tampering: the committed bytes of a file git calls unchanged.

With ``core.autocrlf`` or ``.gitattributes`` (``eol=crlf``, ``text``), the bytes in the work
tree differ from the committed blob by end-of-line conversion while git reports no change.
"""

from __future__ import annotations

from pathlib import Path

from soc2flow.errors import CannotRun
from soc2flow.history.git import git


def committed_if_unchanged(root: Path, path: str) -> bytes | None:
    """The blob of ``path`` at HEAD when git status reports the file unchanged, else None."""
    try:
        status = git(root, "status", "--porcelain", "-z", "--", path, check=False)
        tracked = git(root, "ls-files", "-z", "--error-unmatch", "--", path, check=False)
        if status.strip(b"\0") or not tracked.strip(b"\0"):
            return None
        return git(root, "cat-file", "blob", f"HEAD:{path}")
    except (CannotRun, OSError):
        return None
