"""verify trusts nothing in the zip, and --rebuild catches an edited binder."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from soc2flow import __version__
from tests.conftest import EXAMPLE, GitRepo, run_cli


def _manifest(files: dict[str, bytes], **extra: object) -> bytes:
    listed = [
        {"path": n, "sha256": hashlib.sha256(b).hexdigest(), "size": len(b), "kind": "document"}
        for n, b in files.items()
    ]
    data = {"format": 2, "soc2flow": __version__, "source_commit": "0" * 40, "files": listed}
    return json.dumps({**data, **extra}).encode()


def _zip(target: Path, entries: list[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return target


def _verify(path: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli("verify", str(path), *args, cwd=path.parent)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return result.code, result.stdout, result.stderr


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil.txt", "a/../../evil.txt"])
def test_entry_names_that_leave_the_folder_are_differences(tmp_path: Path, name: str) -> None:
    files = {"binder.html": b"<html></html>", name: b"x"}
    target = _zip(tmp_path / "b.zip", [*files.items(), ("manifest.json", _manifest(files))])
    code, out, _ = _verify(target)
    assert code == 1
    assert "entry name is absolute or contains '..'" in out


def test_duplicate_entries_are_differences(tmp_path: Path) -> None:
    files = {"binder.html": b"<html>audited</html>"}
    entries = [
        ("binder.html", b"<html>audited</html>"),
        ("binder.html", b"<html>forged!</html>"),
        ("manifest.json", _manifest(files)),
    ]
    with pytest.warns(UserWarning, match="Duplicate name"):
        target = _zip(tmp_path / "b.zip", entries)
    code, out, _ = _verify(target)
    assert code == 1
    assert "binder.html: appears 2 times in the zip" in out


def test_a_manifest_over_64_mib_is_not_read(tmp_path: Path) -> None:
    target = tmp_path / "bomb.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("binder.html", b"x")
        with archive.open("manifest.json", "w") as handle:
            handle.write(b'{"files": [], "pad": "')
            chunk = b" " * (1 << 20)
            for _ in range(65):
                handle.write(chunk)
            handle.write(b'"}')
    assert target.stat().st_size < 1 << 20  # a small zip that would expand to 65 MiB
    code, out, _ = _verify(target)
    assert code == 1
    assert "manifest.json: larger than 64 MiB" in out


def test_an_entry_larger_than_its_recorded_size_is_not_read_past_it(tmp_path: Path) -> None:
    files = {"binder.html": b"<html></html>"}
    entries = [("binder.html", b"<html>" + b" " * (8 << 20)), ("manifest.json", _manifest(files))]
    code, out, _ = _verify(_zip(tmp_path / "b.zip", entries))
    assert code == 1
    assert "binder.html: larger in the zip than the manifest's 13 bytes" in out


def test_a_corrupt_entry_is_a_difference_not_a_crash(tmp_path: Path) -> None:
    body = bytes(range(256)) * 64
    files = {"binder.html": body}
    target = _zip(tmp_path / "b.zip", [*files.items(), ("manifest.json", _manifest(files))])
    raw = bytearray(target.read_bytes())
    offset = raw.index(b"binder.html") + len("binder.html") + 40
    for i in range(offset, offset + 64):
        raw[i] ^= 0xFF
    target.write_bytes(bytes(raw))
    code, out, _ = _verify(target)
    assert code == 1
    assert "binder.html: the entry is corrupt" in out


def test_a_version_1_zip_says_sizes_were_not_checked(tmp_path: Path) -> None:
    files = {"binder.html": b"<html></html>"}
    listed = [{"path": "binder.html", "sha256": hashlib.sha256(files["binder.html"]).hexdigest()}]
    manifest = json.dumps({"format": "soc2flow-binder/1", "files": listed}).encode()
    target = _zip(tmp_path / "b.zip", [*files.items(), ("manifest.json", manifest)])
    code, _, err = _verify(target)
    assert code == 0
    assert "version-1 manifest: sizes were not checked" in err


# ---- --rebuild on the example repository ------------------------------------------------


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, Path]:
    root = tmp_path_factory.mktemp("example") / "repo"
    root.mkdir()
    repo = GitRepo(root)
    repo.git("init", "-q", "-b", "main")
    for name in ("soc2flow.yaml", "policies", "controls", "exceptions", "evidence"):
        source = EXAMPLE / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    repo.commit("Northwind compliance repository", date="2026-11-20T09:00:00")
    out = root.parent / "binder.zip"
    made = run_cli("binder", "--format", "zip", "--out", str(out), cwd=root)
    assert made.code == 0, made.stderr
    return repo, out


def _edited(source: Path, target: Path, change: dict[str, bytes]) -> None:
    """A copy of the zip with entries replaced and the manifest updated to match."""
    with zipfile.ZipFile(source) as old:
        manifest = json.loads(old.read("manifest.json"))
        for item in manifest["files"]:
            if item["path"] in change:
                item["sha256"] = hashlib.sha256(change[item["path"]]).hexdigest()
                item["size"] = len(change[item["path"]])
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
            for info in old.infolist():
                if info.filename == "manifest.json":
                    new.writestr(info, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
                else:
                    new.writestr(info, change.get(info.filename, old.read(info.filename)))


def test_rebuild_passes_on_the_examples_binder(example: tuple[GitRepo, Path]) -> None:
    repo, out = example
    result = run_cli("verify", str(out), "--rebuild", cwd=repo.root)
    assert result.code == 0, result.stdout + result.stderr
    assert "the binder rendered again is byte-identical" in result.stderr


def test_rebuild_catches_one_edited_byte_with_its_manifest_entry(
    example: tuple[GitRepo, Path], tmp_path: Path
) -> None:
    repo, out = example
    with zipfile.ZipFile(out) as archive:
        html = bytearray(archive.read("binder.html"))
    html[html.index(b"<h1>") + 4] ^= 0x01  # one byte of the HTML, same size
    target = tmp_path / "edited.zip"
    _edited(out, target, {"binder.html": bytes(html)})
    plain = run_cli("verify", str(target), cwd=repo.root)
    assert plain.code == 0, plain.stdout  # the manifest alone cannot tell
    rebuilt = run_cli("verify", str(target), "--rebuild", cwd=repo.root)
    assert rebuilt.code == 1
    assert "binder.html: differs from the binder rendered again" in rebuilt.stdout


def test_rebuild_needs_the_same_soc2flow_version(
    example: tuple[GitRepo, Path], tmp_path: Path
) -> None:
    repo, out = example
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    manifest["soc2flow"] = "9.9.9"
    target = tmp_path / "other.zip"
    with zipfile.ZipFile(out) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "manifest.json":
                data = json.dumps(manifest).encode()
            new.writestr(info, data)
    result = run_cli("verify", str(target), "--rebuild", cwd=repo.root)
    assert result.code == 2
    assert "9.9.9" in result.stderr and __version__ in result.stderr
