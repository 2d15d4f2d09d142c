"""WorkTree.inside answers what resolving every symlink answers, with or without them."""

from __future__ import annotations

import os
from pathlib import Path

from soc2flow.loading import WorkTree


def reference(root: Path, path: str) -> bool:
    real = os.path.realpath(os.path.join(root, path))
    base = os.path.realpath(root)
    return real == base or real.startswith(base + os.sep)


def test_inside_matches_realpath(tmp_path: Path) -> None:
    root, outside = tmp_path / "repo", tmp_path / "outside"
    (root / "evidence/AC-01/2026-03-28").mkdir(parents=True)
    (root / "evidence/AC-02").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text("x")
    (root / "evidence/AC-01/2026-03-28/users.csv").write_text("x")
    os.symlink(outside, root / "evidence/AC-02/linked-out")
    os.symlink(root / "evidence/AC-01", root / "evidence/AC-02/linked-in")
    os.symlink(outside / "secret.txt", root / "evidence/AC-01/2026-03-28/leak.csv")
    os.symlink("users.csv", root / "evidence/AC-01/2026-03-28/alias.csv")
    paths = [
        "evidence/AC-01/2026-03-28/users.csv",
        "evidence/AC-01/2026-03-28/alias.csv",
        "evidence/AC-01/2026-03-28/leak.csv",
        "evidence/AC-02/linked-out/secret.txt",
        "evidence/AC-02/linked-in/2026-03-28/users.csv",
        "evidence/AC-02/linked-in/2026-03-28/leak.csv",
        "evidence/AC-01/../../../outside/secret.txt",
        "evidence/AC-01/./2026-03-28/users.csv",
        "evidence/missing/file.csv",
        str(outside / "secret.txt"),
    ]
    tree = WorkTree(root)
    answers = {p: tree.inside(p) for p in paths}
    assert answers == {p: reference(root, p) for p in paths}
    assert answers["evidence/AC-01/2026-03-28/users.csv"]
    assert not answers["evidence/AC-02/linked-out/secret.txt"]
    assert not answers["evidence/AC-01/2026-03-28/leak.csv"]
    assert {p: tree.inside(p) for p in paths} == answers  # remembered answers agree
    listed = WorkTree(root)
    listed.paths()  # answers now come from the listing where it knows them
    assert {p: listed.inside(p) for p in paths} == answers


def test_listing_answers_what_the_disk_answers(tmp_path: Path) -> None:
    """exists and is_symlink come from the folder listing; they must match lstat/stat."""
    root, outside = tmp_path / "repo", tmp_path / "outside"
    folder = root / "evidence/AC-01/2026-03-28"
    folder.mkdir(parents=True)
    (root / "controls").mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("x")
    (root / "soc2flow.yaml").write_text("organization: X\n")
    (folder / "users.csv").write_text("x")
    (folder / ".hidden.csv").write_text("x")
    os.mkfifo(folder / "pipe.csv")
    os.symlink("users.csv", folder / "alias.csv")
    os.symlink("gone.csv", folder / "dangling.csv")
    os.symlink(outside, folder / "linked-folder")
    os.symlink(outside / "secret.txt", root / "controls/AC-09.yaml")
    tree = WorkTree(root)
    listed = tree.paths()
    assert listed == [
        "controls/AC-09.yaml",
        "evidence/AC-01/2026-03-28/alias.csv",
        "evidence/AC-01/2026-03-28/dangling.csv",
        "evidence/AC-01/2026-03-28/linked-folder",
        "evidence/AC-01/2026-03-28/pipe.csv",
        "evidence/AC-01/2026-03-28/users.csv",
        "soc2flow.yaml",
    ]
    asked = [*listed, "evidence/AC-01/2026-03-28/.hidden.csv", "evidence/AC-01/missing.csv"]
    asked += ["evidence/AC-01/2026-03-28/linked-folder/secret.txt", "evidence"]
    for path in asked:
        full = os.path.join(root, path)
        assert tree.exists(path) == os.path.isfile(full), path
        assert tree.is_symlink(path) == os.path.islink(full), path
