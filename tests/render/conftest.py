"""The scenario repository, built once per test module (git is the slow part)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import GitRepo
from tests.render import scenario


@pytest.fixture(scope="module")
def scenario_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scenario") / "repo"
    root.mkdir()
    repo = GitRepo(root)
    repo.git("init", "-q", "-b", "main")
    scenario.build(repo)
    return root


def head(root: Path) -> str:
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()
