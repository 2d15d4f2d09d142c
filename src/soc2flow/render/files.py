"""Committed files the binder relies on: their paths, presence and sha256 at the commit."""

from __future__ import annotations

import hashlib
import posixpath

from soc2flow.loading.source import FileSource
from soc2flow.render.model import FileRef


class FileIndex:
    """Hashes of files at the source commit, each file read once, one at a time."""

    def __init__(self, source: FileSource) -> None:
        self.source = source
        self._known = set(source.paths())
        self._hashes: dict[str, str | None] = {}

    def sha256(self, path: str) -> str | None:
        """The file's sha256 at the commit; None when it is absent, a symlink or unreadable."""
        if path not in self._hashes:
            self._hashes[path] = self._hash(path)
        return self._hashes[path]

    def _hash(self, path: str) -> str | None:
        if path not in self._known or self.source.is_symlink(path):
            return None
        digest = hashlib.sha256()
        digest.update(self.source.read(path))
        return digest.hexdigest()

    def include(self, path: str) -> FileRef:
        """A file outside the item folders (the system description), when it exists."""
        if path not in self._known and self.source.exists(path):
            self._known.add(path)
        return self.ref(path)

    def ref(self, path: str, evidence: str = "", recorded: str = "") -> FileRef:
        found = self.sha256(path)
        return FileRef(path, found or "", evidence, recorded, present=found is not None)

    def used(self) -> tuple[FileRef, ...]:
        """Every file looked up so far, sorted by path: the binder's manifest."""
        return tuple(
            FileRef(path, digest or "", present=digest is not None)
            for path, digest in sorted(self._hashes.items())
        )


def inside(folder: str, relative: str) -> str | None:
    """``relative`` joined to ``folder``, or None when it leaves the folder."""
    if not relative or relative.startswith("/") or "\\" in relative:
        return None
    joined = posixpath.normpath(posixpath.join(folder, relative))
    return joined if joined.startswith(folder.rstrip("/") + "/") else None
