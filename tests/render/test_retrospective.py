"""An emergency change needs attention once its retrospective approval is late or overdue.

Needs attention is the first deviations (SPEC §7.2); an approval not due yet is none.
"""

from __future__ import annotations

import pytest

from tests.conftest import GitRepo, run_cli
from tests.render.scenario import CONFIG, CONTROL, EXCEPTION, POLICY

# risk: low, so that one approval (carol, the owner's team lead) approves it; due 2026-04-07.
LOW = EXCEPTION.replace("risk: high", "risk: low")
APPROVED = "Approve the emergency change\n\nApproved-by: Carol Diaz <carol@example.com>"


def _attention(repo: GitRepo) -> list[str]:
    result = run_cli("binder", "--format", "md", "--out", "binder.md", cwd=repo.root)
    assert result.code == 0, result.stderr
    text = (repo.root / "binder.md").read_text(encoding="utf-8")
    section = (
        text.split("## Needs attention", 1)[1].split("\n## ", 1)[0] if "## Needs" in text else ""
    )
    return [line for line in section.splitlines() if "EXC-2026-001" in line]


def _emergency(repo: GitRepo, approved_on: str | None, today: str = "2026-04-20") -> GitRepo:
    """The emergency change, its approval (if any), then a commit on ``today`` (the as-of)."""
    repo.write("soc2flow.yaml", CONFIG)
    repo.write("policies/access.md", POLICY.format(reviewed="2026-01-05", extra=""))
    repo.write("controls/AC-01.yaml", CONTROL)
    repo.write("exceptions/EXC-2026-001.yaml", LOW)
    repo.commit("Record emergency change", author="alice", date="2026-04-02T10:00:00")
    if approved_on is not None:
        repo.write("exceptions/EXC-2026-001.yaml", LOW + "# reviewed after the outage\n")
        repo.commit(APPROVED, author="alice", date=f"{approved_on}T10:00:00")
    repo.write("NOTES.txt", "a later commit\n")
    repo.commit("Later", author="alice", date=f"{today}T10:00:00")
    return repo


def test_approved_in_time_needs_no_attention(git_repo: GitRepo) -> None:
    assert _attention(_emergency(git_repo, "2026-04-07")) == []
    text = (git_repo.root / "binder.md").read_text(encoding="utf-8")
    assert "approved 2026-04-07 in" in text and "(in time)" in text


@pytest.mark.parametrize(
    ("approved_on", "today", "expected"),
    [
        ("2026-04-08", "2026-04-20", "(late, 1 days after it was due)"),
        (None, "2026-04-20", "not approved, overdue"),
    ],
)
def test_late_or_missing_approval_needs_attention(
    git_repo: GitRepo, approved_on: str | None, today: str, expected: str
) -> None:
    [line] = _attention(_emergency(git_repo, approved_on, today))
    assert line.startswith("| retro-approval-late: retrospective approval due 2026-04-07: ")
    assert expected in line


def test_approval_not_due_yet_needs_no_attention(git_repo: GitRepo) -> None:
    assert _attention(_emergency(git_repo, None, "2026-04-05")) == []
    text = (git_repo.root / "binder.md").read_text(encoding="utf-8")
    assert "not approved yet" in text
