"""Without a git executable on PATH every command that needs git says so in one sentence."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from soc2flow.errors import CannotRun
from soc2flow.history.git import GitFailed, GitMissing, git, popen
from tests.conftest import SRC, GitRepo, run_cli
from tests.workflow.helpers import starter

MISSING = "git is not installed or not on PATH; install git (https://git-scm.com) and retry"


@pytest.fixture
def no_git(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH holds a folder without git (and nothing else)."""
    empty = tmp_path / "bin"
    empty.mkdir()
    return {"PATH": str(empty)}


@pytest.fixture
def committed(git_repo: GitRepo) -> GitRepo:
    return starter(git_repo)


@pytest.mark.parametrize(
    "args",
    [
        ("due",),
        ("history", "POL-01"),
        ("binder", "--period", "2026-01-01..2026-12-31", "--format", "md"),
        ("approvals", "record", "--pr", "7", "--reviews", "-"),
    ],
)
def test_commands_that_need_git_say_it_is_missing(
    committed: GitRepo, no_git: dict[str, str], args: tuple[str, ...]
) -> None:
    result = run_cli(*args, cwd=committed.root, env=no_git, stdin="[]")
    assert result.code == 2, result.stderr
    assert result.stderr.strip().endswith(MISSING), result.stderr
    assert "Traceback" not in result.stderr
    assert not list(committed.root.glob("binder-*"))


def test_validate_skips_history_rules_with_a_note(
    committed: GitRepo, no_git: dict[str, str]
) -> None:
    result = run_cli("validate", cwd=committed.root, env=no_git)
    assert result.code == 0, result.stderr
    assert "git is not installed" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_evidence_add_commit_writes_the_record_then_says_git_is_missing(
    committed: GitRepo, no_git: dict[str, str], tmp_path: Path
) -> None:
    scan = tmp_path / "scan.txt"
    scan.write_text("no findings\n", encoding="utf-8")
    args = ("evidence", "add", "VEN-01", str(scan), "--by", "security-lead")
    result = run_cli(*args, "--performed", "2026-01-10", "--commit", cwd=committed.root, env=no_git)
    assert result.code == 2, result.stderr
    assert result.stderr.strip().endswith(MISSING), result.stderr
    assert committed.git("status", "--porcelain", "--", "evidence/VEN-01") != ""


def test_the_runner_tells_a_missing_git_from_a_missing_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_git: dict[str, str]
) -> None:
    assert shutil.which("git") is not None
    with pytest.raises(GitFailed) as gone:
        git(tmp_path / "nowhere", "status")
    assert not isinstance(gone.value, GitMissing)
    assert "cannot run git in" in str(gone.value)
    monkeypatch.setenv("PATH", no_git["PATH"])
    for start in (lambda: git(tmp_path, "status"), lambda: popen(tmp_path, "log")):
        with pytest.raises(GitMissing) as missing:
            start()
        assert isinstance(missing.value, CannotRun)
        assert str(missing.value) == MISSING


@pytest.mark.parametrize("imported", [False, True])
def test_gitpython_without_git_is_git_missing(
    committed: GitRepo, no_git: dict[str, str], imported: bool
) -> None:
    """GitPython refuses to import without git, or fails later: both are GitMissing."""
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from soc2flow.history.git import commit_id, repository\n"
        + ("import git\n" if imported else "")
        + "os.environ['PATH'] = sys.argv[1]\n"
        "with repository(Path('.')) as repo:\n"
        "    commit_id(repo, 'HEAD')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.run(
        [sys.executable, "-c", code, no_git["PATH"]],
        cwd=committed.root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1] == f"soc2flow.history.git.GitMissing: {MISSING}"
