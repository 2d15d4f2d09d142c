"""Reading blobs and trees: one ``git cat-file --batch`` process, one ``git ls-tree``."""

from __future__ import annotations

import subprocess
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from soc2flow.history.git import GitFailed, git, popen
from soc2flow.loading.source import CONFIG, ITEM_DIRS

_BATCH = 256  # names per write: at most ~26 KB with commit:path names, below a pipe's 64 KB


def _close(proc: subprocess.Popen[bytes]) -> None:
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
    proc.wait()


class CatFile:
    """A long-lived ``git cat-file --batch``: objects by id or by ``commit:path``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._proc: subprocess.Popen[bytes] | None = None

    def _process(self) -> subprocess.Popen[bytes]:
        if self._proc is None:
            self._proc = popen(self.root, "cat-file", "--batch", stdin=True)
            weakref.finalize(self, _close, self._proc)
        return self._proc

    def read(self, name: str) -> bytes | None:
        """The object's content, or None when it does not exist."""
        return self.read_many([name])[0]

    def read_many(self, names: Iterable[str]) -> list[bytes | None]:
        """Contents of several objects, in order, in one round trip."""
        wanted = [n for n in names]
        if any("\n" in n for n in wanted):
            raise GitFailed("object names may not contain a newline")
        proc = self._process()
        assert proc.stdin is not None and proc.stdout is not None
        found: list[bytes | None] = []
        # In batches small enough for the pipe: writing every name before reading any
        # answer would deadlock once both pipes are full.
        for start in range(0, len(wanted), _BATCH):
            batch = wanted[start : start + _BATCH]
            proc.stdin.write(b"".join(n.encode() + b"\n" for n in batch))
            proc.stdin.flush()
            found.extend(self._answer(proc) for _ in batch)
        return found

    @staticmethod
    def _answer(proc: subprocess.Popen[bytes]) -> bytes | None:
        assert proc.stdout is not None
        header = proc.stdout.readline().split()
        if len(header) != 3:
            if not header:
                raise GitFailed("git cat-file stopped unexpectedly")
            return None  # "<name> missing" or "<name> ambiguous"
        size = int(header[2])
        data = proc.stdout.read(size)
        proc.stdout.read(1)
        return data

    def close(self) -> None:
        if self._proc is not None:
            _close(self._proc)
            self._proc = None


@dataclass(frozen=True)
class _Blob:
    mode: str
    sha: str
    size: int


class GitTree:
    """A FileSource over the files of one commit (``git ls-tree`` + ``cat-file --batch``)."""

    def __init__(self, root: Path, commit: str, reader: CatFile) -> None:
        self.commit = commit
        self._reader = reader
        self._blobs = _list_tree(root, commit)

    def paths(self) -> list[str]:
        return sorted(path for path in self._blobs if _compliance_file(path))

    def exists(self, path: str) -> bool:
        return path in self._blobs

    def inside(self, path: str) -> bool:
        """Whether ``path`` stays in the repository with every symlink in the tree followed."""
        parts = [p for p in path.split("/") if p not in ("", ".")]
        done: list[str] = []
        for _ in range(64):
            if not parts:
                return True
            part = parts.pop(0)
            if part == "..":
                if not done:
                    return False
                done.pop()
                continue
            done.append(part)
            blob = self._blobs.get("/".join(done))
            if blob is not None and blob.mode == "120000":
                target = (self._reader.read(blob.sha) or b"").decode("utf-8", "replace")
                if target.startswith("/"):
                    return False
                done.pop()
                parts = [p for p in target.split("/") if p not in ("", ".")] + parts
        return False  # a symlink loop

    def size(self, path: str) -> int:
        return self._blobs[path].size

    def read(self, path: str) -> bytes:
        data = self._reader.read(self._blobs[path].sha)
        if data is None:
            raise FileNotFoundError(path)
        return data

    def is_symlink(self, path: str) -> bool:
        blob = self._blobs.get(path)  # a path the commit does not hold is no symlink
        return blob is not None and blob.mode == "120000"


def _compliance_file(path: str) -> bool:
    """Files the loader sees, as WorkTree lists them (hidden files and folders skipped)."""
    top, _, rest = path.partition("/")
    if not rest:
        return path == CONFIG
    return top in ITEM_DIRS and not any(part.startswith(".") for part in rest.split("/"))


def _list_tree(root: Path, commit: str) -> dict[str, _Blob]:
    out = git(root, "ls-tree", "-r", "-l", "-z", "--full-tree", commit)
    blobs: dict[str, _Blob] = {}
    for record in out.split(b"\0"):
        meta, tab, name = record.partition(b"\t")
        fields = meta.split()
        if not tab or len(fields) != 4 or fields[1] != b"blob":
            continue
        path = name.decode("utf-8", "replace")
        size = int(fields[3]) if fields[3].isdigit() else 0
        blobs[path] = _Blob(fields[0].decode(), fields[2].decode(), size)
    return blobs
