"""The few git calls the workflow commands make (identity, committing a new record).

History is read by ``soc2flow.history``; this module runs small, explicit git
commands for ``evidence add`` through the one git runner (``soc2flow.history.git``).
"""

from __future__ import annotations

from pathlib import Path

from soc2flow.history.git import GitFailed, last_line, run


def user_email(root: Path) -> str | None:
    """The configured ``user.email`` of the repository, or None."""
    proc = run(root, "config", "--get", "user.email")
    email = proc.stdout.decode("utf-8", "replace").strip()
    return email if proc.returncode == 0 and email else None


def commit_paths(root: Path, paths: list[str], subject: str, trailers: dict[str, str]) -> str:
    """Commit exactly ``paths`` (nothing else that is staged) and return the new commit id."""
    added = run(root, "add", "--", *paths)
    if added.returncode != 0:
        raise GitFailed(f"git add failed: {last_line(added.stderr) or 'no message'}")
    message = subject + "\n\n" + "\n".join(f"{k}: {v}" for k, v in trailers.items()) + "\n"
    done = run(root, "commit", "-q", "--only", "-m", message, "--", *paths)
    if done.returncode != 0:
        raise GitFailed(
            f"the record was written but git commit failed ({last_line(done.stderr) or 'no message'}); "
            "commit it yourself"
        )
    return run(root, "rev-parse", "HEAD").stdout.decode().strip()
