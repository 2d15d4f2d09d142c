"""Writing binders: atomically, in pieces, and the zip with its manifest.json.

Byte-identical for the same inputs: zip entries in a fixed order with a fixed date,
permissions and compression. Documents are written as they are rendered and files are
copied one at a time, never all in memory, into a temporary file that replaces the
target only when complete (an interrupted run leaves the previous binder).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from soc2flow.render.model import Binder

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 2
_EPOCH = (1980, 1, 1, 0, 0, 0)

Documents = Mapping[str, Callable[[], Iterable[str]]]


@contextmanager
def atomic_output(target: Path) -> Iterator[IO[bytes]]:
    """A file handle whose content replaces ``target`` only if the block completes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a binder is meant to be shared
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_chunks(target: Path, chunks: Iterable[str]) -> None:
    """Write text produced in pieces to ``target`` atomically, as UTF-8."""
    with atomic_output(target) as handle:
        for chunk in chunks:
            handle.write(chunk.encode("utf-8"))


def manifest(
    binder: Binder,
    documents: Mapping[str, tuple[str, int]],
    sizes: Mapping[str, int] | None = None,
) -> dict[str, object]:
    """What manifest.json says (format 2): every file of the zip with its sha256 and size,
    the soc2flow version, the source commit, the period and the as-of date.

    ``documents`` maps each rendered document of the zip to its (sha256, size);
    ``sizes`` gives each repository file's size in bytes.
    """
    files: list[dict[str, object]] = [
        {"path": name, "sha256": digest, "size": size, "kind": "document"}
        for name, (digest, size) in sorted(documents.items())
    ]
    files += [
        {
            "path": f.path,
            "sha256": f.sha256,
            "size": (sizes or {}).get(f.path, 0),
            "kind": "repository",
        }
        for f in sorted(binder.manifest, key=lambda f: f.path)
        if f.present
    ]
    return {
        "format": MANIFEST_FORMAT,
        "soc2flow": binder.cover.version,
        "organization": binder.cover.organization,
        "source_commit": binder.cover.commit,
        "period": {"start": binder.cover.start, "end": binder.cover.end},
        "as_of": binder.cover.as_of,
        "files": files,
    }


def entry(name: str) -> zipfile.ZipInfo:
    """A zip entry with a fixed date, permissions and compression."""
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    return info


def write_zip(
    binder: Binder,
    documents: Documents,
    read: Callable[[str], bytes],
    target: Path,
    progress: Callable[[str], None] | None = None,
) -> None:
    """Write the zip binder to ``target`` atomically.

    ``documents`` gives each rendered document (``binder.html``, ``binder.md``) in pieces;
    ``read`` gives a committed file's bytes. manifest.json is the last entry.
    """
    tick = progress or (lambda _: None)
    with atomic_output(target) as handle, zipfile.ZipFile(handle, "w", compresslevel=6) as zf:
        hashes = {name: _write_document(zf, name, documents[name]()) for name in sorted(documents)}
        sizes = {}
        for ref in sorted(binder.manifest, key=lambda f: f.path):
            if ref.present:
                tick(f"zip: {ref.path}")
                sizes[ref.path] = _copy(zf, ref.path, ref.sha256, read)
        data = manifest(binder, hashes, sizes)
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        zf.writestr(entry(MANIFEST), text.encode("utf-8"))


def _write_document(zf: zipfile.ZipFile, name: str, chunks: Iterable[str]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with zf.open(entry(name), "w") as out:
        for chunk in chunks:
            data = chunk.encode("utf-8")
            digest.update(data)
            size += len(data)
            out.write(data)
    return digest.hexdigest(), size


def _copy(zf: zipfile.ZipFile, path: str, sha256: str, read: Callable[[str], bytes]) -> int:
    content = read(path)
    if hashlib.sha256(content).hexdigest() != sha256:
        raise RuntimeError(f"{path} changed while the binder was written")
    zf.writestr(entry(path), content)
    return len(content)
