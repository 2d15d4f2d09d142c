"""Where the files of a compliance repository come from: the work tree or a git tree."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

ITEM_DIRS = ("policies", "controls", "evidence", "exceptions")
CONFIG = "soc2flow.yaml"


class FileSource(Protocol):
    """A read-only view of a repository's files, by repo-relative POSIX path."""

    def paths(self) -> list[str]:
        """Every file under soc2flow.yaml, policies/, controls/, evidence/, exceptions/, sorted."""
        ...

    def size(self, path: str) -> int: ...

    def read(self, path: str) -> bytes: ...

    def is_symlink(self, path: str) -> bool: ...

    def exists(self, path: str) -> bool:
        """Whether ``path`` is a file (any folder, not only the item folders)."""
        ...

    def inside(self, path: str) -> bool:
        """Whether ``path``, with every symlink on the way followed, stays in the repository."""
        ...


class WorkTree:
    """Files as they are on disk under ``root`` (uncommitted changes included)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._base = str(root)

    def _full(self, path: str) -> str:
        return os.path.join(self._base, path)

    def paths(self) -> list[str]:
        found: list[str] = []
        if (self.root / CONFIG).exists() or (self.root / CONFIG).is_symlink():
            found.append(CONFIG)
        for top in ITEM_DIRS:
            base = self.root / top
            if not base.is_dir() or base.is_symlink():
                continue
            for dirpath, dirnames, filenames in os.walk(base):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                rel = Path(dirpath).relative_to(self.root).as_posix()
                found.extend(f"{rel}/{name}" for name in filenames if not name.startswith("."))
        return sorted(found)

    def size(self, path: str) -> int:
        return os.lstat(self._full(path)).st_size

    def read(self, path: str) -> bytes:
        with open(self._full(path), "rb") as handle:
            return handle.read()

    def is_symlink(self, path: str) -> bool:
        return os.path.islink(self._full(path))

    def exists(self, path: str) -> bool:
        return os.path.isfile(self._full(path))

    def inside(self, path: str) -> bool:
        real = os.path.realpath(self._full(path))
        base = os.path.realpath(self._base)
        return real == base or real.startswith(base.rstrip(os.sep) + os.sep)
