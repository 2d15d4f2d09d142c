"""A code repository with every kind of change: merges, squashes, direct pushes, notes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import GitRepo, run_cli
from tests.history.conftest import merge_pr, on_branch, review, reviews_json

CONFIG = """\
organization: Example Corp
timezone: UTC
audit:
  period: {start: 2026-01-01, end: 2026-01-31}
people:
  - {id: alice, name: Alice Ng, email: alice@example.com, github: alice-ng}
  - {id: bob, name: Bob Stone, email: bob@example.com, github: bobstone}
  - {id: carol, name: Carol Diaz, email: carol@example.com, github: carol-d}
  - {id: dave, name: Dave Ruiz, email: dave@example.com, github: daver}
"""

EMERGENCY = """\
id: EXC-2026-001
kind: emergency-change
control: CM-01
reason: Production outage; hotfix pushed without review.
risk: high
owner: alice
opened: 2026-01-15
expires: 2026-02-15
retrospective_approval_days: 5
changes: [{commit}]
"""


@dataclass
class CodeRepo:
    repo: GitRepo
    config: Path
    commits: dict[str, str]  # name -> commit id


def _file(repo: GitRepo, name: str, text: str) -> None:
    repo.write(f"src/{name}.py", text + "\n")


def build(repo: GitRepo) -> dict[str, str]:
    """The scenario; returns the commit ids by name."""
    c: dict[str, str] = {}
    _file(repo, "app", "print('v0')")
    c["before"] = repo.commit("Initial import", author="alice", date="2025-12-20T10:00:00")
    # PR 1: bob's branch, the head approved by carol (a trailer); an older commit's
    # trailer by dave approved a state the head changed.
    on_branch(repo, "feat-login")
    _file(repo, "login", "v1")
    repo.commit("Add login\n\nApproved-by: Dave Ruiz <dave@example.com>", author="bob",
                date="2026-01-04T09:00:00")  # fmt: skip
    _file(repo, "login", "v2")
    repo.commit("Fix login\n\nApproved-by: Carol Diaz <carol@example.com>", author="bob",
                date="2026-01-04T15:00:00")  # fmt: skip
    c["merge"] = merge_pr(repo, 1, "feat-login", by="carol", date="2026-01-05T10:00:00")
    # PR 2: a squash merge whose only approval is its author's own.
    _file(repo, "report", "v1")
    c["self"] = repo.commit(
        "Add the report (#2)\n\nReviewed-by: Bob Stone <bob@example.com>",
        author="bob", date="2026-01-10T10:00:00",
    )  # fmt: skip
    # A direct push during an outage: the emergency change.
    _file(repo, "app", "print('hotfix')")
    c["hotfix"] = repo.commit("Hotfix the outage", author="alice", date="2026-01-15T03:00:00")
    # PR 4: dave's branch, approved in a GitHub review recorded in refs/notes/soc2flow.
    on_branch(repo, "feat-export")
    _file(repo, "export", "v1")
    head = repo.commit("Add export", author="dave", date="2026-01-19T10:00:00")
    c["reviewed"] = merge_pr(repo, 4, "feat-export", by="dave", date="2026-01-20T10:00:00")
    payload = reviews_json(review("carol-d", "APPROVED", head, "2026-01-19T12:00:00Z"))
    recorded = run_cli("approvals", "record", cwd=repo.root, stdin=payload)
    assert recorded.code == 0, recorded.stderr
    # PR 5: approved only in an older branch commit (stale).
    on_branch(repo, "feat-stale")
    _file(repo, "stale", "v1")
    repo.commit("Stale work\n\nApproved-by: Carol Diaz <carol@example.com>", author="dave",
                date="2026-01-24T10:00:00")  # fmt: skip
    _file(repo, "stale", "v2")
    repo.commit("More stale work", author="dave", date="2026-01-24T11:00:00")
    c["stale"] = merge_pr(repo, 5, "feat-stale", by="alice", date="2026-01-25T10:00:00")
    # After the period, and a commit that claims a date inside it (backdated).
    _file(repo, "app", "print('v3')")
    c["after"] = repo.commit("Later work (#6)", author="bob", date="2026-02-10T10:00:00")
    _file(repo, "app", "print('v4')")
    c["backdated"] = repo.commit("Backdated", author="bob", date="2026-01-20T10:00:00")
    return c


@pytest.fixture
def code(git_repo: GitRepo, tmp_path: Path) -> CodeRepo:
    commits = build(git_repo)
    compliance = tmp_path / "compliance"
    (compliance / "exceptions").mkdir(parents=True)
    (compliance / "soc2flow.yaml").write_text(CONFIG, encoding="utf-8")
    (compliance / "exceptions" / "EXC-2026-001.yaml").write_text(
        EMERGENCY.format(commit=commits["hotfix"][:12]), encoding="utf-8"
    )
    return CodeRepo(git_repo, compliance / "soc2flow.yaml", commits)
