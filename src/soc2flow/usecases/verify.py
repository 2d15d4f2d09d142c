"""Use case: check a zip binder against its manifest, and against the repository.

Nothing in the zip is trusted: entry names that are absolute, contain ``..`` or repeat
are differences; every entry is read with a bound (the size the manifest records, and
64 MiB for the manifest itself); a corrupt entry is a difference, never a crash. Every
file the manifest lists must be in the zip with that sha256 and nothing else may be
there; inside the repository, the source commit must exist and each committed file in
the manifest must have the same hash at that commit.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from soc2flow.errors import BadInput

MANIFEST = "manifest.json"
FORMATS: dict[Any, int] = {"soc2flow-binder/1": 1, 2: 2}
MAX_MANIFEST = 64 << 20
_CHUNK = 1 << 16
# What a damaged or hostile entry raises while it is read.
_CORRUPT = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError)

Lookup = Callable[[str, str], bytes | None]


@dataclass
class Verification:
    """What ``soc2flow verify`` found: the manifest's facts and every difference."""

    commit: str = ""
    period: str = ""
    as_of: str = ""
    version: str = ""
    format: int = 0
    files: int = 0
    checked_in_repo: bool = False
    rebuilt: bool = False
    differences: list[str] = field(default_factory=list)
    # sha256 of every zip entry that was read in full and within its bound.
    hashes: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.differences

    @property
    def sizes_checked(self) -> bool:
        return self.format >= 2


def unsafe_name(name: str) -> bool:
    """An entry name that is absolute or climbs out of the folder it is unpacked in."""
    parts = name.replace("\\", "/").split("/")
    return (
        name.startswith(("/", "\\"))
        or (len(name) > 1 and name[1] == ":")
        or ".." in parts
        or "\x00" in name
    )


def _bounded_hash(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int | None) -> str:
    """The entry's sha256; OverflowError once it decompresses past ``limit`` (None: no bound)."""
    digest = hashlib.sha256()
    total = 0
    with archive.open(info) as handle:
        while chunk := handle.read(_CHUNK):
            total += len(chunk)
            if limit is not None and total > limit:
                raise OverflowError(total)
            digest.update(chunk)
    return digest.hexdigest()


def _read_manifest(archive: zipfile.ZipFile, name: str, found: Verification) -> Any:
    infos = [i for i in archive.infolist() if i.filename == MANIFEST]
    if not infos:
        raise BadInput(
            f"{name} has no {MANIFEST}; verify reads zip binders made by soc2flow binder --format zip"
        )
    info = infos[-1]
    if info.file_size > MAX_MANIFEST:
        found.differences.append(f"{MANIFEST}: larger than 64 MiB; it was not read")
        return None
    try:
        with archive.open(info) as handle:
            raw = handle.read(MAX_MANIFEST + 1)
    except _CORRUPT as exc:
        found.differences.append(f"{MANIFEST}: cannot be read ({exc})")
        return None
    if len(raw) > MAX_MANIFEST:
        found.differences.append(f"{MANIFEST}: larger than 64 MiB; it was not read")
        return None
    found.hashes[MANIFEST] = hashlib.sha256(raw).hexdigest()
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BadInput(
            f"{name}: {MANIFEST} cannot be read ({str(exc)[:80]}); rebuild the binder"
        ) from None


def _check_manifest(data: Any, name: str) -> int:
    """The manifest's format number, after checking its shape."""
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, list) or not all(_is_entry(f, 1) for f in files):
        raise BadInput(f"{name}: {MANIFEST} has no valid file list; rebuild the binder")
    fmt = FORMATS.get(data.get("format")) if isinstance(data.get("format"), str | int) else None
    if fmt is None:
        raise BadInput(
            f"{name}: {MANIFEST} is format {str(data.get('format'))[:40]!r}, not one this "
            "soc2flow reads; verify it with the soc2flow version that made it"
        )
    if not all(_is_entry(f, fmt) for f in files):
        raise BadInput(f"{name}: {MANIFEST} lists a file without its size; rebuild the binder")
    return fmt


def _is_entry(item: Any, fmt: int) -> bool:
    size = item.get("size") if isinstance(item, dict) else None
    return (
        isinstance(item, dict)
        and isinstance(item.get("path"), str)
        and isinstance(item.get("sha256"), str)
        and (fmt < 2 or (type(size) is int and size >= 0))
    )


def verify_zip(path: Path, lookup: Callable[[str], Lookup | None] | None = None) -> Verification:
    """Check the zip at ``path``. ``lookup(commit)`` gives a reader of files at that commit
    (None when the commit is not in the repository); without it only the zip is checked."""
    try:
        archive = zipfile.ZipFile(path)
    except (*_CORRUPT, RuntimeError) as exc:
        raise BadInput(
            f"{path} is not a readable zip binder ({exc}); build one with soc2flow binder --format zip"
        ) from None
    found = Verification()
    with archive:
        _check_names(archive, found)
        data = _read_manifest(archive, str(path), found)
        if data is None:
            return found
        found.format = _check_manifest(data, str(path))
        found.commit = str(data.get("source_commit", ""))
        found.period = _period(data.get("period"))
        found.as_of = str(data.get("as_of", ""))
        found.version = str(data.get("soc2flow", data.get("soc2flow_version", "")))
        found.files = len(data["files"])
        _check_zip(archive, data["files"], found)
        if lookup is not None:
            _check_repo(data["files"], found, lookup)
    return found


def _check_names(archive: zipfile.ZipFile, found: Verification) -> None:
    counts = Counter(info.filename for info in archive.infolist())
    for name in sorted(counts):
        if unsafe_name(name):
            found.differences.append(f"{name!r}: entry name is absolute or contains '..'")
        if counts[name] > 1:
            found.differences.append(f"{name}: appears {counts[name]} times in the zip")


def _period(value: Any) -> str:
    if isinstance(value, dict):
        return f"{value.get('start', '?')}..{value.get('end', '?')}"
    return str(value) if isinstance(value, str) else ""


def _check_zip(archive: zipfile.ZipFile, files: list[dict[str, Any]], found: Verification) -> None:
    present = {info.filename: info for info in archive.infolist() if not info.is_dir()}
    listed: set[str] = set()
    for item in files:
        name = item["path"]
        if name in listed or unsafe_name(name):
            found.differences.append(f"{name!r}: listed twice or unsafe in the manifest")
            continue
        listed.add(name)
        if name not in present:
            found.differences.append(f"{name}: listed in the manifest but missing from the zip")
            continue
        _check_entry(archive, present[name], item, found)
    for name in sorted(set(present) - listed - {MANIFEST}):
        found.differences.append(f"{name}: in the zip but not listed in the manifest")


def _check_entry(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, item: dict[str, Any], found: Verification
) -> None:
    name = info.filename
    limit = item["size"] if found.format >= 2 else None
    try:
        digest = _bounded_hash(archive, info, limit)
    except OverflowError:
        found.differences.append(f"{name}: larger in the zip than the manifest's {limit} bytes")
        return
    except _CORRUPT as exc:
        found.differences.append(f"{name}: the entry is corrupt ({str(exc)[:80]})")
        return
    found.hashes[name] = digest
    if digest != item["sha256"]:
        found.differences.append(f"{name}: sha256 in the zip differs from the manifest")


def compare_rebuilt(found: Verification, rebuilt: dict[str, str]) -> None:
    """Add a difference for every entry whose bytes differ from the binder rendered again."""
    found.rebuilt = True
    for name in sorted(set(found.hashes) | set(rebuilt)):
        if found.hashes.get(name) != rebuilt.get(name):
            found.differences.append(
                f"{name}: differs from the binder rendered again at {found.commit[:12]}"
            )


def _check_repo(
    files: list[dict[str, Any]], found: Verification, lookup: Callable[[str], Lookup | None]
) -> None:
    reader = lookup(found.commit) if found.commit else None
    if reader is None:
        found.differences.append(
            f"source commit {found.commit or '(none)'} is not in this repository"
        )
        return
    found.checked_in_repo = True
    for item in files:
        if item.get("kind") != "repository" or unsafe_name(item["path"]):
            continue
        content = reader(found.commit, item["path"])
        if content is None:
            found.differences.append(f"{item['path']}: not in source commit {found.commit[:12]}")
        elif hashlib.sha256(content).hexdigest() != item["sha256"]:
            found.differences.append(
                f"{item['path']}: sha256 differs from the file in source commit {found.commit[:12]}"
            )
