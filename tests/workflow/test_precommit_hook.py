"""The soc2flow-validate hook, run by pre-commit itself on a repository made by init.

pre-commit installs the hook from a local clone of this repository (``repo:`` may be a
path) into its own virtualenv, as it would from GitHub. Installing needs soc2flow's
dependencies from the package index pip is configured with; when that is out of reach
the test is skipped, and says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import GitRepo, run_cli

ROOT = Path(__file__).resolve().parents[2]
# What pip says when it cannot reach an index or find a distribution.
_OFFLINE = ("No matching distribution", "Could not find a version", "NewConnectionError")


def _hook_repository(tmp: Path) -> tuple[Path, str]:
    """A clone of this repository holding the work tree's package and hook definition."""
    clone = GitRepo(tmp / "soc2flow")
    subprocess.run(["git", "clone", "-q", "--no-local", str(ROOT), str(clone.root)], check=True)
    for name in ("src", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        source, target = ROOT / name, clone.root / name
        if source.is_dir():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    clone.commit("The work tree under test")
    return clone.root, clone.git("rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def hooked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GitRepo, dict[str, str]]]:
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if pre_commit is None:
        pytest.skip("pre-commit is not installed (it is in the test extra)")
    tmp = tmp_path_factory.mktemp("precommit")
    hook_repo, rev = _hook_repository(tmp)
    made = run_cli("init", str(tmp / "compliance"), cwd=tmp)
    assert made.code == 0, made.stderr
    repo = GitRepo(tmp / "compliance")
    if not (repo.root / ".git").exists():
        repo.git("init", "-q", "-b", "main")
    repo.write(
        ".pre-commit-config.yaml",
        f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n"
        "      - id: soc2flow-validate\n",
    )
    repo.commit("Scaffold", author="alice")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH", "GIT_DIR", "GIT_INDEX"))
    }
    env |= {"PRE_COMMIT_HOME": str(tmp / "cache"), "GIT_CONFIG_GLOBAL": os.devnull}
    install = subprocess.run(
        [pre_commit, "install-hooks"], cwd=repo.root, env=env, capture_output=True, text=True
    )
    if install.returncode != 0:
        if any(sign in install.stdout + install.stderr for sign in _OFFLINE):
            pytest.skip("pre-commit could not install soc2flow's dependencies offline")
        raise AssertionError(install.stdout + install.stderr)
    env["PRE_COMMIT"] = pre_commit
    yield repo, env


def _run(repo: GitRepo, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [env["PRE_COMMIT"], "run", "--all-files", "--color", "never"],
        cwd=repo.root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_hook_passes_a_fresh_scaffold_without_history_warnings(
    hooked: tuple[GitRepo, dict[str, str]],
) -> None:
    repo, env = hooked
    done = _run(repo, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "soc2flow validate" in done.stdout and "Passed" in done.stdout
    # The scaffold was committed straight to main, unapproved: CI's business, not the hook's.
    direct = run_cli("validate", cwd=repo.root)
    assert "warning unapproved-change" in direct.stdout
    assert "warning unapproved-change" not in done.stdout


def test_hook_fails_on_what_the_author_can_fix(hooked: tuple[GitRepo, dict[str, str]]) -> None:
    repo, env = hooked
    control = next((repo.root / "controls").glob("*.yaml"))
    original = control.read_text(encoding="utf-8")
    try:
        control.write_text(original + "x-note: fine\nunknown_key: typo\n", encoding="utf-8")
        repo.git("add", "-A")
        done = _run(repo, env)
        assert done.returncode == 1, done.stdout + done.stderr
        relative = control.relative_to(repo.root).as_posix()
        assert f"{relative}:" in done.stdout and "error" in done.stdout
        assert "warning unapproved-change" not in done.stdout
        assert "history rules skipped" in done.stdout + done.stderr
    finally:
        control.write_text(original, encoding="utf-8")
        repo.git("add", "-A")
