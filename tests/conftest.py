"""Shared test helpers: real git repositories built with the git CLI, and the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
EXAMPLE = Path(__file__).resolve().parents[1]

PEOPLE = {
    "alice": ("Alice Ng", "alice@example.com"),
    "bob": ("Bob Stone", "bob@example.com"),
    "carol": ("Carol Diaz", "carol@example.com"),
    "dave": ("Dave Ruiz", "dave@example.com"),
}


@dataclass
class GitRepo:
    """A real git repository in a temporary folder, with pinned identities and dates."""

    root: Path

    def git(
        self,
        *args: str,
        author: str = "alice",
        date: str = "2026-01-05T10:00:00",
        check: bool = True,
    ) -> str:
        name, email = PEOPLE.get(author, (author, f"{author}@example.com"))
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email,
            "GIT_AUTHOR_DATE": f"{date}+00:00",
            "GIT_COMMITTER_DATE": f"{date}+00:00",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        result = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=False
        )
        if check and result.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {result.stderr}")
        return result.stdout

    def write(self, path: str, text: str) -> Path:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def commit(
        self, message: str, *, author: str = "alice", date: str = "2026-01-05T10:00:00"
    ) -> str:
        self.git("add", "-A", author=author, date=date)
        self.git("commit", "-q", "--allow-empty", "-m", message, author=author, date=date)
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def git_repo(tmp_path: Path) -> Iterator[GitRepo]:
    root = tmp_path / "repo"
    root.mkdir()
    repo = GitRepo(root)
    repo.git("init", "-q", "-b", "main")
    yield repo


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None, stdin: str | None = None
) -> Result:
    """Run the real ``soc2flow`` entry point in a subprocess."""
    full_env = {**os.environ, "PYTHONPATH": str(SRC), "NO_COLOR": "1", "COLUMNS": "200"}
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "soc2flow", *args],
        cwd=cwd,
        env=full_env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)
