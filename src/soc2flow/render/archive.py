"""The zip binder: the documents, the committed files they rely on, and manifest.json.

Byte-identical for the same inputs: entries in a fixed order with a fixed date,
permissions and compression. Files are copied one at a time (never all in
memory) into a temporary file that replaces the target only when complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from soc2flow.render.model import Binder

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "soc2flow-binder/1"
DOCUMENTS = ("binder.html", "binder.md")
_EPOCH = (1980, 1, 1, 0, 0, 0)


def manifest(binder: Binder, documents: dict[str, bytes]) -> dict[str, object]:
    """What manifest.json says: every file of the zip with its sha256, and where it came from."""
    files: list[dict[str, str]] = [
        {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "kind": "document"}
        for name, data in sorted(documents.items())
    ]
    files += [
        {"path": f.path, "sha256": f.sha256, "kind": "repository"}
        for f in sorted(binder.manifest, key=lambda f: f.path)
        if f.present
    ]
    return {
        "format": MANIFEST_FORMAT,
        "soc2flow_version": binder.cover.version,
        "organization": binder.cover.organization,
        "source_commit": binder.cover.commit,
        "period": {"start": binder.cover.start, "end": binder.cover.end},
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
    documents: dict[str, bytes],
    read: Callable[[str], bytes],
    target: Path,
    progress: Callable[[str], None] | None = None,
) -> None:
    """Write the zip binder to ``target`` atomically; ``read`` gives a committed file's bytes."""
    data = manifest(binder, documents)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            _fill(handle, data, documents, read, progress)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a binder is meant to be shared
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _fill(
    handle: IO[bytes],
    data: dict[str, object],
    documents: dict[str, bytes],
    read: Callable[[str], bytes],
    progress: Callable[[str], None] | None,
) -> None:
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    with zipfile.ZipFile(handle, "w", compresslevel=6) as archive:
        archive.writestr(entry(MANIFEST), text.encode("utf-8"))
        for name, content in sorted(documents.items()):
            archive.writestr(entry(name), content)
        files = data["files"]
        assert isinstance(files, list)
        for item in files:
            if item["kind"] != "repository":
                continue
            content = read(item["path"])
            if hashlib.sha256(content).hexdigest() != item["sha256"]:
                raise RuntimeError(f"{item['path']} changed while the binder was written")
            archive.writestr(entry(item["path"]), content)
            if progress is not None:
                progress(item["path"])
