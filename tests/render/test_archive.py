"""The zip binder: fixed bytes, a manifest of every file, and verify's tamper checks."""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from soc2flow.errors import BadInput
from soc2flow.render import render_html, render_markdown, write_zip
from soc2flow.render.fileref import FileRef
from soc2flow.render.model import Binder
from soc2flow.usecases.verify import verify_zip
from tests.render.sample import COMMIT, sample

FILES = {
    "evidence/AC-01/2026-03-28/users.csv": b"user,decision\nbob,keep\n",
    "policies/access.md": b"---\nid: POL-ACCESS\n---\n# Access\n",
}


def _binder() -> Binder:
    refs = tuple(FileRef(p, hashlib.sha256(b).hexdigest()) for p, b in sorted(FILES.items()))
    return replace(sample("notes"), manifest=refs)


def _write(target: Path, files: dict[str, bytes] = FILES) -> Binder:
    binder = _binder()
    documents = {
        "binder.html": lambda: iter([render_html(binder)]),
        "binder.md": lambda: iter([render_markdown(binder)]),
    }
    write_zip(binder, documents, files.__getitem__, target)
    return binder


def test_zip_is_byte_identical_and_ordered(tmp_path: Path) -> None:
    _write(tmp_path / "a.zip")
    _write(tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == [
            "binder.html",
            "binder.md",
            "evidence/AC-01/2026-03-28/users.csv",
            "policies/access.md",
            "manifest.json",
        ]
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {i.external_attr >> 16 for i in infos} == {0o100644}
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["source_commit"] == COMMIT
    assert manifest["period"] == {"start": "2026-01-01", "end": "2026-12-31"}
    assert manifest["soc2flow"] == "0.1.0"
    assert (manifest["format"], manifest["as_of"]) == (2, "2026-06-30")
    sizes = {f["path"]: f["size"] for f in manifest["files"]}
    assert sizes["policies/access.md"] == len(FILES["policies/access.md"])
    assert [f["kind"] for f in manifest["files"]] == [
        "document",
        "document",
        "repository",
        "repository",
    ]
    csv = manifest["files"][2]
    assert csv["sha256"] == hashlib.sha256(FILES[csv["path"]]).hexdigest()


def test_zip_refuses_a_file_that_changed_and_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "binder.zip"
    target.write_bytes(b"previous binder")
    changed = {**FILES, "policies/access.md": b"something else"}
    with pytest.raises(RuntimeError, match="changed while the binder was written"):
        _write(target, changed)
    assert target.read_bytes() == b"previous binder"
    assert [p.name for p in tmp_path.iterdir()] == ["binder.zip"]


def test_verify_accepts_an_untouched_binder(tmp_path: Path) -> None:
    _write(tmp_path / "b.zip")
    result = verify_zip(tmp_path / "b.zip")
    assert result.ok
    assert (result.commit, result.period, result.files) == (COMMIT, "2026-01-01..2026-12-31", 4)


def _rewrite(source: Path, target: Path, change: dict[str, bytes | None]) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename in change:
                continue
            new.writestr(info, old.read(info.filename))
        for name, data in change.items():
            if data is not None:
                new.writestr(name, data)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"evidence/AC-01/2026-03-28/users.csv": b"user,decision\neve,keep\n"},
            "evidence/AC-01/2026-03-28/users.csv: sha256 in the zip differs from the manifest",
        ),
        (
            {"evidence/AC-01/2026-03-28/users.csv": b"user,decision\nmallory,keep\n"},
            "evidence/AC-01/2026-03-28/users.csv: larger in the zip than the manifest's 23 bytes",
        ),
        (
            {"policies/access.md": None},
            "policies/access.md: listed in the manifest but missing from the zip",
        ),
        ({"extra.txt": b"x"}, "extra.txt: in the zip but not listed in the manifest"),
        (
            {"binder.html": b"<html>forged</html>"},
            "binder.html: sha256 in the zip differs from the manifest",
        ),
    ],
)
def test_verify_names_what_was_tampered_with(
    tmp_path: Path, change: dict[str, bytes | None], expected: str
) -> None:
    _write(tmp_path / "good.zip")
    _rewrite(tmp_path / "good.zip", tmp_path / "bad.zip", change)
    assert verify_zip(tmp_path / "bad.zip").differences == [expected]


def test_verify_checks_the_source_commit(tmp_path: Path) -> None:
    _write(tmp_path / "b.zip")
    committed = {**FILES, "policies/access.md": b"edited after the binder"}

    def reader(commit: str, path: str) -> bytes | None:
        return committed.get(path) if commit == COMMIT else None

    result = verify_zip(tmp_path / "b.zip", lambda c: reader if c == COMMIT else None)
    assert result.differences == [
        f"policies/access.md: sha256 differs from the file in source commit {COMMIT[:12]}"
    ]
    missing = verify_zip(tmp_path / "b.zip", lambda c: None)
    assert missing.differences == [f"source commit {COMMIT} is not in this repository"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip", "is not a readable zip binder"),
        (None, "has no manifest.json"),
        (b"{not json", "manifest.json cannot be read"),
        (b'{"files": [{"path": 1}]}', "has no valid file list"),
        (b'{"format": "other/9", "files": []}', "is format 'other/9', not one this soc2flow reads"),
    ],
)
def test_verify_bad_input_is_one_sentence(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    target = tmp_path / "x.zip"
    if content == b"not a zip":
        target.write_bytes(content)
    else:
        with zipfile.ZipFile(target, "w") as archive:
            archive.writestr("binder.html", b"x")
            if content is not None:
                archive.writestr("manifest.json", content)
    with pytest.raises(BadInput, match=message):
        verify_zip(target)
