"""The few git calls the workflow commands make (identity, committing a new record).

History is read by ``soc2flow.history``; this module only runs small, explicit
git commands through subprocess for ``evidence add``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from soc2flow.errors import CannotRun


class GitFailed(CannotRun):
    pass


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitFailed("git is not installed or not on PATH; install git and retry") from None


def user_email(root: Path) -> str | None:
    """The configured ``user.email`` of the repository, or None."""
    proc = _git(root, "config", "--get", "user.email")
    email = proc.stdout.strip()
    return email if proc.returncode == 0 and email else None


def commit_paths(root: Path, paths: list[str], subject: str, trailers: dict[str, str]) -> str:
    """Commit exactly ``paths`` (nothing else that is staged) and return the new commit id."""
    added = _git(root, "add", "--", *paths)
    if added.returncode != 0:
        raise GitFailed(f"git add failed: {_first_line(added.stderr)}")
    message = subject + "\n\n" + "\n".join(f"{k}: {v}" for k, v in trailers.items()) + "\n"
    done = _git(root, "commit", "-q", "--only", "-m", message, "--", *paths)
    if done.returncode != 0:
        raise GitFailed(
            f"the record was written but git commit failed ({_first_line(done.stderr)}); "
            "commit it yourself"
        )
    return _git(root, "rev-parse", "HEAD").stdout.strip()


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else "no message"
