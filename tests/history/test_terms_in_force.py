"""Terms in force that too few people could meet: capped, never a lock, never a gift."""

from __future__ import annotations

from soc2flow.domain.judging import Version
from soc2flow.history import load_history
from soc2flow.history.approvals import item_versions
from soc2flow.loading import WorkTree, load_repository
from tests.conftest import GitRepo
from tests.history.conftest import CONFIG, amend_root, control

TWO = CONFIG.replace("medium: {approvals: 1}", "medium: {approvals: 2}")


def versions(repo: GitRepo, item: str) -> list[Version]:
    history = load_history(repo.root)
    return item_versions(load_repository(WorkTree(repo.root)).repo, history)[item]


def two_approvals(compliance: GitRepo) -> GitRepo:
    """AC-01 needs two approvals, and names no approvers: only carol (the lead) may."""
    compliance.write("soc2flow.yaml", TWO)
    amend_root(compliance)
    return compliance


def name_approvers(compliance: GitRepo, approvers: str, trailers: str) -> Version:
    compliance.write("controls/AC-01.yaml", control() + f"approvers: [{approvers}]\n")
    compliance.commit(f"Name approvers\n\n{trailers}", author="alice", date="2026-02-01T10:00:00")
    return versions(compliance, "AC-01")[0]


def test_the_only_allowed_approver_can_name_the_missing_one(compliance: GitRepo) -> None:
    two_approvals(compliance)
    [first] = versions(compliance, "AC-01")
    assert not first.approved  # two needed, and only carol may approve
    named = name_approvers(compliance, "carol, dave", "Approved-by: Carol Diaz <carol@example.com>")
    assert named.approved
    assert [a.who for a in named.approvals] == ["carol"]
    # from now on the named terms are in force: two approvals again
    compliance.write(
        "controls/AC-01.yaml", control(title="Access review") + "approvers: [carol, dave]\n"
    )
    compliance.commit(
        "Retitle\n\nApproved-by: Carol Diaz <carol@example.com>",
        author="alice",
        date="2026-02-02T10:00:00",
    )
    newest = versions(compliance, "AC-01")[0]
    assert not newest.approved
    assert "1 of 2" in newest.messages[0]


def test_a_newly_named_approver_does_not_approve_their_own_naming(compliance: GitRepo) -> None:
    two_approvals(compliance)
    named = name_approvers(compliance, "dave", "Approved-by: Dave Ruiz <dave@example.com>")
    assert not named.approved
    assert [a.who for a in named.approvals if a.counted] == []


def test_the_cap_does_not_lower_a_count_that_can_be_met(compliance: GitRepo) -> None:
    two_approvals(compliance)
    named = name_approvers(compliance, "carol, dave", "Approved-by: Carol Diaz <carol@example.com>")
    assert named.approved
    compliance.write("controls/AC-01.yaml", control(title="Access review") + "approvers: [carol]\n")
    compliance.commit(
        "Drop dave\n\nApproved-by: Carol Diaz <carol@example.com>",
        author="alice",
        date="2026-02-03T10:00:00",
    )
    assert not versions(compliance, "AC-01")[0].approved  # carol and dave were in force
