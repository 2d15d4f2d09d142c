"""Compliance repositories with real history: PR merges, squashes, signatures, notes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import GitRepo

CONFIG = """\
organization: Example Corp
timezone: UTC
people:
  - {id: alice, name: Alice Ng, email: alice@example.com, github: alice-ng}
  - {id: bob, name: Bob Stone, email: bob@example.com, github: bobstone}
  - {id: carol, name: Carol Diaz, email: carol@example.com, github: carol-d}
  - {id: dave, name: Dave Ruiz, email: dave@example.com, github: daver}
teams:
  security: {members: [alice, bob], lead: carol}
profiles:
  high:   {approvals: 2}
  medium: {approvals: 1}
approvals:
  independent: true
  allowed_signers: .soc2flow/allowed_signers
"""


def policy(owner: str = "alice", reviewed: str | None = None, body: str = "Be careful.") -> str:
    lines = [
        "---",
        "id: POL-ACCESS",
        "title: Access Control Policy",
        f"owner: {owner}",
        "approvers: [carol, dave]",
        "criticality: medium",
        "review: annual",
    ]
    if reviewed:
        lines.append(f"reviewed: {reviewed}")
    return "\n".join([*lines, "---", "# Access Control Policy", "", body, ""])


def control(owner: str = "bob", title: str = "Quarterly user access review") -> str:
    return (
        f"id: AC-01\ntitle: {title}\npolicy: POL-ACCESS\nowner: {owner}\n"
        "criticality: medium\ncadence: quarterly\n"
    )


@pytest.fixture
def compliance(git_repo: GitRepo) -> GitRepo:
    """soc2flow.yaml, one policy and one control, committed directly on main by alice."""
    git_repo.write("soc2flow.yaml", CONFIG)
    git_repo.write("policies/access.md", policy())
    git_repo.write("controls/AC-01.yaml", control())
    git_repo.commit("Add the access policy and control", author="alice", date="2026-01-05T10:00:00")
    return git_repo


def amend_root(repo: GitRepo) -> None:
    """Put the work tree's changes into the only commit: the root of trust trusts them."""
    repo.git("add", "-A")
    repo.git("commit", "-q", "--amend", "--no-edit")


def merge_pr(repo: GitRepo, number: int, branch: str, *, by: str = "carol", date: str) -> str:
    """Merge ``branch`` into main as GitHub does (a merge commit), return the merge id."""
    repo.git("checkout", "-q", "main", author=by, date=date)
    repo.git(
        "merge", "-q", "--no-ff", "-m", f"Merge pull request #{number} from org/{branch}\n\nTitle",
        branch, author=by, date=date,
    )  # fmt: skip
    return repo.git("rev-parse", "HEAD").strip()


def on_branch(repo: GitRepo, branch: str) -> None:
    repo.git("checkout", "-q", "-b", branch)


@pytest.fixture(scope="session")
def ssh_keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """SSH signing keys for carol and bob (made once per test session)."""
    folder = tmp_path_factory.mktemp("keys")
    keys = {}
    for who in ("carol", "bob"):
        key = folder / who
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who, "-f", str(key)], check=True
        )
        keys[who] = key
    return keys


def allowed_signers(keys: dict[str, Path], *who: str) -> str:
    lines = []
    for name in who:
        public = keys[name].with_suffix(".pub").read_text().split()
        lines.append(f"{name}@example.com {public[0]} {public[1]}")
    return "\n".join(lines) + "\n"


def signed_commit(repo: GitRepo, message: str, key: Path, *, author: str, date: str) -> str:
    repo.git("add", "-A", author=author, date=date)
    repo.git(
        "-c", "gpg.format=ssh", "-c", f"user.signingkey={key}",
        "commit", "-q", "-S", "-m", message, author=author, date=date,
    )  # fmt: skip
    return repo.git("rev-parse", "HEAD").strip()


def review(login: str, state: str, commit: str, when: str, number: int = 1) -> dict[str, object]:
    """A review as GitHub's REST API returns it (the fields soc2flow reads, and some it ignores)."""
    return {
        "id": 80 + number,
        "node_id": f"MDE3OlB1bGxSZXF1ZXN0UmV2aWV3{number}",
        "user": {"login": login, "id": 1000 + number, "type": "User", "site_admin": False},
        "body": "Looks good" if state == "APPROVED" else "",
        "state": state,
        "html_url": f"https://github.com/org/repo/pull/12#pullrequestreview-{80 + number}",
        "pull_request_url": "https://api.github.com/repos/org/repo/pulls/12",
        "author_association": "MEMBER",
        "submitted_at": when,
        "commit_id": commit,
    }


def reviews_json(*items: dict[str, object]) -> str:
    return json.dumps(list(items), indent=2)
