"""Output files are replaced whole and readable like any other file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from soc2flow.fileio import write_atomic


def test_new_file_is_0644_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out" / "binder.html"
    write_atomic(target, "<p>one</p>")
    assert target.read_text(encoding="utf-8") == "<p>one</p>"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["binder.html"]


def test_replacing_keeps_the_old_mode(tmp_path: Path) -> None:
    target = tmp_path / "CODEOWNERS"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "due.ics"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(TypeError):
        write_atomic(target, 42)  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["due.ics"]
