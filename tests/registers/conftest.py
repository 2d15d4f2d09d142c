from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import GitRepo
from tests.registers import scenario


@pytest.fixture(scope="module")
def registers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GitRepo]:
    """The scenario repository, built once per test module (tests must not change it)."""
    root = tmp_path_factory.mktemp("registers") / "repo"
    root.mkdir()
    repo = GitRepo(root)
    repo.git("init", "-q", "-b", "main")
    scenario.build(repo)
    yield repo
