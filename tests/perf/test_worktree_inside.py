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
