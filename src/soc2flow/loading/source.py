"""Where the files of a compliance repository come from: the work tree or a git tree."""

from __future__ import annotations

import contextlib
import os
import stat
from functools import cached_property
from pathlib import Path
from typing import Protocol

ITEM_DIRS = ("policies", "controls", "evidence", "exceptions", "vendors", "risks")
CONFIG = "soc2flow.yaml"
PEOPLE_CSV = "people.csv"  # beside soc2flow.yaml: people from an HR export (SPEC §7.4)


class FileSource(Protocol):
    """A read-only view of a repository's files, by repo-relative POSIX path."""

    def paths(self) -> list[str]:
        """soc2flow.yaml and every file under policies/, controls/, evidence/, exceptions/, sorted.

        Symlinks are listed as themselves and not followed, including symlinked folders
        (the loader reports those).
        """
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


Stamp = tuple[int, int, int] | None
"""A path's (mtime_ns, ctime_ns, inode) from lstat, or None when it does not exist."""

INPUTS = (CONFIG, PEOPLE_CSV, *ITEM_DIRS)


def stamp(path: str) -> Stamp:
    try:
        found = os.lstat(path)
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_ctime_ns, found.st_ino)


class WorkTree:
    """Files as they are on disk under ``root`` (uncommitted changes included).

    With ``stamped``, listing also records a stamp of the root's input names and of every
    folder walked, taken just after the folder was listed: a folder's mtime changes when a
    name in it is added, removed or renamed, which is how the due cache knows the listing
    still holds (soc2flow.schedule.cache).
    """

    def __init__(self, root: Path, *, stamped: bool = False) -> None:
        self.root = root
        self._base = str(root)
        self._inside: dict[str, bool] = {}
        self._folders: dict[str, bool] = {}
        self._stamped = stamped
        self.stamps: dict[str, Stamp] = {}
        # What listing saw of each listed path (from the folder read, no extra syscall):
        # listed symlinks, and listed regular files. Other paths are asked of the disk.
        self._listed: set[str] = set()
        self._links: set[str] = set()
        self._regular: set[str] = set()
        self._walked: set[str] = set()  # folders listed: real folders, no symlink above

    def _full(self, path: str) -> str:
        return os.path.join(self._base, path)

    def paths(self) -> list[str]:
        found: list[str] = []
        if self._stamped:
            self.stamps = {name: stamp(self._full(name)) for name in INPUTS}
        with contextlib.suppress(OSError):
            mode = os.lstat(self._full(CONFIG)).st_mode
            found.append(CONFIG)
            if stat.S_ISLNK(mode):
                self._links.add(CONFIG)
            elif stat.S_ISREG(mode):
                self._regular.add(CONFIG)
        for top in ITEM_DIRS:
            base = self.root / top
            if base.is_symlink():
                found.append(top)
            elif base.is_dir():
                self._walk(top, found)
        self._listed = set(found)
        return sorted(found)

    def _walk(self, top: str, found: list[str]) -> None:
        """List ``top`` recursively: symlinks (to folders too) are listed, never followed;
        names starting with a dot are skipped; unreadable folders are skipped (as os.walk)."""
        pending = [top]
        while pending:
            rel = pending.pop()
            full = self._full(rel)
            try:
                with os.scandir(full) as listing:
                    entries = list(listing)
            except OSError:
                continue
            self._walked.add(rel)
            if self._stamped:
                self.stamps[rel] = stamp(full)
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                path = f"{rel}/{entry.name}"
                if entry.is_symlink():
                    found.append(path)
                    self._links.add(path)
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                else:
                    found.append(path)
                    if entry.is_file(follow_symlinks=False):
                        self._regular.add(path)

    def size(self, path: str) -> int:
        return os.lstat(self._full(path)).st_size

    def read(self, path: str) -> bytes:
        # os.read without a buffered file object: a third cheaper for 100,000 small files
        fd = os.open(self._full(path), os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            size = os.fstat(fd).st_size
            parts = [os.read(fd, size + 1)]
            while parts[-1] and sum(map(len, parts)) > size:  # grew while read: read to EOF
                parts.append(os.read(fd, 1 << 20))
            return b"".join(parts)
        finally:
            os.close(fd)

    def is_symlink(self, path: str) -> bool:
        if path in self._listed:
            return path in self._links
        return os.path.islink(self._full(path))

    def exists(self, path: str) -> bool:
        if path in self._listed and path not in self._links:
            return path in self._regular
        return os.path.isfile(self._full(path))

    @cached_property
    def _real_base(self) -> str:
        return os.path.realpath(self._base)

    def inside(self, path: str) -> bool:
        found = self._inside.get(path)
        if found is None:
            found = self._inside[path] = self._resolve_inside(path)
        return found

    def _resolve_inside(self, path: str) -> bool:
        # A plain relative path with no symlink on the way is inside without resolving
        # it: one lstat for the file, folders remembered (validate asks for 50,000 files).
        parts = path.split("/")
        if "" not in parts and "." not in parts and ".." not in parts:
            folder = "/".join(parts[:-1])
            if not (folder and self._folder_linked(folder)) and not self.is_symlink(path):
                return True
        real = os.path.realpath(self._full(path))
        base = self._real_base  # resolved once: the root does not move during a run
        return real == base or real.startswith(base.rstrip(os.sep) + os.sep)

    def _folder_linked(self, folder: str) -> bool:
        """Whether the folder, or a folder above it in the repository, is a symlink."""
        if folder in self._walked:
            return False
        found = self._folders.get(folder)
        if found is None:
            parent = folder.rpartition("/")[0]
            found = bool(parent) and self._folder_linked(parent)
            found = found or os.path.islink(self._full(folder))
            self._folders[folder] = found
        return found
