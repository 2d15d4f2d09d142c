"""Use case: check a zip binder against its manifest, and against the repository.

Every file the manifest lists must be in the zip with that sha256 and nothing
else may be there; inside the repository, the source commit must exist and
each committed file in the manifest must have the same hash at that commit.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from soc2flow.errors import BadInput

MANIFEST = "manifest.json"
FORMAT = "soc2flow-binder/1"
_CHUNK = 1 << 16

Lookup = Callable[[str, str], bytes | None]


@dataclass
class Verification:
    """What ``soc2flow verify`` found: the manifest's facts and every difference."""

    commit: str = ""
    period: str = ""
    version: str = ""
    files: int = 0
    checked_in_repo: bool = False
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def read_manifest(archive: zipfile.ZipFile, name: str) -> dict[str, Any]:
    try:
        data = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except KeyError:
        raise BadInput(
            f"{name} has no {MANIFEST}; verify reads zip binders made by soc2flow binder --format zip"
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError, zipfile.BadZipFile, OSError) as exc:
        raise BadInput(f"{name}: {MANIFEST} cannot be read ({exc}); rebuild the binder") from None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("files"), list)
        or not all(_is_entry(f) for f in data["files"])
    ):
        raise BadInput(f"{name}: {MANIFEST} has no valid file list; rebuild the binder")
    if data.get("format") != FORMAT:
        raise BadInput(
            f"{name}: {MANIFEST} is format {data.get('format')!r}, not {FORMAT!r}; "
            "verify it with the soc2flow version that made it"
        )
    return data


def _is_entry(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("path"), str)
        and isinstance(item.get("sha256"), str)
    )


def _zip_hash(archive: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with archive.open(name) as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verify_zip(path: Path, lookup: Callable[[str], Lookup | None] | None = None) -> Verification:
    """Check the zip at ``path``. ``lookup(commit)`` gives a reader of files at that commit
    (None when the commit is not in the repository); without it only the zip is checked."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BadInput(
            f"{path} is not a readable zip binder ({exc}); build one with soc2flow binder --format zip"
        ) from None
    with archive:
        data = read_manifest(archive, str(path))
        found = Verification(
            commit=str(data.get("source_commit", "")),
            period=_period(data.get("period")),
            version=str(data.get("soc2flow_version", "")),
            files=len(data["files"]),
        )
        _check_zip(archive, data["files"], found)
        if lookup is not None:
            _check_repo(data["files"], found, lookup)
    return found


def _period(value: Any) -> str:
    if isinstance(value, dict):
        return f"{value.get('start', '?')}..{value.get('end', '?')}"
    return ""


def _check_zip(archive: zipfile.ZipFile, files: list[dict[str, Any]], found: Verification) -> None:
    present = {info.filename for info in archive.infolist() if not info.is_dir()}
    listed = set()
    for item in files:
        name = item["path"]
        listed.add(name)
        if name not in present:
            found.differences.append(f"{name}: listed in the manifest but missing from the zip")
        elif _zip_hash(archive, name) != item["sha256"]:
            found.differences.append(f"{name}: sha256 in the zip differs from the manifest")
    for name in sorted(present - listed - {MANIFEST}):
        found.differences.append(f"{name}: in the zip but not listed in the manifest")


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
        if item.get("kind") != "repository":
            continue
        content = reader(found.commit, item["path"])
        if content is None:
            found.differences.append(f"{item['path']}: not in source commit {found.commit[:12]}")
        elif hashlib.sha256(content).hexdigest() != item["sha256"]:
            found.differences.append(
                f"{item['path']}: sha256 differs from the file in source commit {found.commit[:12]}"
            )
