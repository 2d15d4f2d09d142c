"""``approvals record`` reads the merge and resolves ``--head`` through GitPython."""

from __future__ import annotations

import pytest

from tests.conftest import GitRepo, run_cli
from tests.history.conftest import policy, review, reviews_json
from tests.history.test_record import note


def _squash(repo: GitRepo, subject: str) -> str:
    repo.write("policies/access.md", policy(body="squashed"))
    return repo.commit(subject, author="bob", date="2026-02-01T10:00:00")


def test_head_given_as_a_branch_or_tag_is_resolved(compliance: GitRepo) -> None:
    compliance.git("checkout", "-q", "-b", "feature")
    compliance.write("policies/access.md", policy(body="on the branch"))
    head = compliance.commit("Branch work", author="bob", date="2026-02-01T09:00:00")
    compliance.git("tag", "reviewed-head")
    compliance.git("checkout", "-q", "main")
    squash = _squash(compliance, "Edit the policy (#41)")
    payload = reviews_json(review("carol-d", "APPROVED", head, "2026-02-01T13:00:00Z"))
    for name in ("feature", "reviewed-head", head[:10]):
        done = run_cli("approvals", "record", "--head", name, cwd=compliance.root, stdin=payload)
        assert done.code == 0, done.stderr
        assert note(compliance, squash)[-1]["head"] == head
    assert len(note(compliance, squash)) == 1  # the same line is recorded once


@pytest.mark.parametrize("name", ["no-such-branch", "-x", "HEAD^{tree}", "HEAD~9"])
def test_head_that_names_no_commit_is_refused(compliance: GitRepo, name: str) -> None:
    squash = _squash(compliance, "Edit the policy (#42)")
    payload = reviews_json(review("carol-d", "APPROVED", "a" * 40, "2026-02-01T13:00:00Z"))
    refused = run_cli("approvals", "record", "--head", name, cwd=compliance.root, stdin=payload)
    assert refused.code == 2
    assert refused.stderr.strip().endswith(
        f"--head {name!r} does not name a commit; pass the full commit id"
    )
    assert compliance.git("notes", "--ref=refs/notes/soc2flow", "list", squash, check=False) == ""


def test_the_pr_number_is_read_from_a_wrapped_subject(compliance: GitRepo) -> None:
    squash = _squash(compliance, "Edit the access policy for the new\nproduction accounts (#43)")
    payload = reviews_json(review("carol-d", "APPROVED", "a" * 40, "2026-02-01T13:00:00Z"))
    done = run_cli("approvals", "record", "--head", "a" * 40, cwd=compliance.root, stdin=payload)
    assert done.code == 0, done.stderr
    assert "PR #43" in done.stdout
    assert note(compliance, squash)[0]["pr"] == 43
