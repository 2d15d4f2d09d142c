"""History read in the background gives what load_history gives, errors included."""

from __future__ import annotations

from pathlib import Path

import pytest

from soc2flow.errors import NotARepository
from soc2flow.history import load_history
from soc2flow.history.background import start_history
from tests.conftest import GitRepo
from tests.perf.test_history_cache import make_history


def test_the_background_read_gives_the_same_history(git_repo: GitRepo) -> None:
    make_history(git_repo)
    direct = load_history(git_repo.root, use_cache=False)
    pending = start_history(git_repo.root, use_cache=False)
    background = pending.result()
    assert background.head == direct.head
    assert background.changes("policies/access.md") == direct.changes("policies/access.md")
    direct.close()
    background.close()


def test_the_background_read_raises_what_load_history_raises(tmp_path: Path) -> None:
    pending = start_history(tmp_path)
    with pytest.raises(NotARepository):
        pending.result()
