"""Approvals with provenance and the approval rules, on real commits."""

from __future__ import annotations

from pathlib import Path

from soc2flow.domain.judging import Version
from soc2flow.history import load_history
from soc2flow.history.approvals import item_versions
from soc2flow.loading import WorkTree, load_repository
from tests.conftest import GitRepo
from tests.history.conftest import (
    allowed_signers,
    amend_root,
    control,
    merge_pr,
    on_branch,
    policy,
    signed_commit,
)


def versions(repo: GitRepo, item: str) -> list[Version]:
    history = load_history(repo.root)
    return item_versions(load_repository(WorkTree(repo.root)).repo, history)[item]


def test_unapproved_direct_commit(compliance: GitRepo) -> None:
    [version] = versions(compliance, "POL-ACCESS")
    assert version.author == "alice"
    assert not version.approved
    assert version.findings == ("insufficient-approvals",)
    assert "0 of 1" in version.messages[0]


def test_trailer_approval_by_an_allowed_approver(compliance: GitRepo) -> None:
    compliance.write("policies/access.md", policy(body="v2"))
    compliance.commit(
        "Edit\n\nApproved-by: Carol Diaz <carol@example.com>",
        author="bob",
        date="2026-02-01T10:00:00",
    )
    version = versions(compliance, "POL-ACCESS")[0]
    assert [(a.who, a.provenance) for a in version.approvals] == [("carol", "trailer")]
    assert version.approved
    assert version.findings == ()


def test_approval_by_someone_not_allowed_does_not_count(compliance: GitRepo) -> None:
    compliance.write("policies/access.md", policy(body="v2"))
    compliance.commit(
        "Edit\n\nReviewed-by: Bob Stone <bob@example.com>",
        author="alice",
        date="2026-02-01T10:00:00",
    )
    version = versions(compliance, "POL-ACCESS")[0]
    assert [(a.who, a.provenance) for a in version.approvals] == [("bob", "trailer")]
    assert not version.approved


def test_self_approval(compliance: GitRepo) -> None:
    compliance.write("policies/access.md", policy(body="v2"))
    compliance.commit(
        "Edit\n\nApproved-by: Carol Diaz <carol@example.com>",
        author="carol",
        date="2026-02-01T10:00:00",
    )
    version = versions(compliance, "POL-ACCESS")[0]
    assert version.findings == ("self-approval", "insufficient-approvals")
    assert not version.approved


def test_control_without_approvers_is_approved_by_the_owners_team_lead(compliance: GitRepo) -> None:
    compliance.write("controls/AC-01.yaml", control(title="Edited"))
    compliance.commit(
        "Edit\n\nApproved-by: Carol Diaz <carol@example.com>",
        author="bob",
        date="2026-02-01T10:00:00",
    )
    assert versions(compliance, "AC-01")[0].approved
    compliance.write("controls/AC-01.yaml", control(title="Edited again"))
    compliance.commit(
        "Edit\n\nApproved-by: Dave Ruiz <dave@example.com>",
        author="bob",
        date="2026-02-02T10:00:00",
    )
    assert not versions(compliance, "AC-01")[0].approved


def test_signed_approval_verified_against_allowed_signers(
    compliance: GitRepo, ssh_keys: dict[str, Path]
) -> None:
    compliance.write(".soc2flow/allowed_signers", allowed_signers(ssh_keys, "carol"))
    amend_root(compliance)  # the root of trust trusts carol's key
    compliance.write("policies/access.md", policy(body="signed"))
    signed = signed_commit(
        compliance, "Edit\n\nApproved-by: Carol Diaz <carol@example.com>", ssh_keys["carol"],
        author="bob", date="2026-02-01T10:00:00",
    )  # fmt: skip
    version = versions(compliance, "POL-ACCESS")[0]
    assert [(a.who, a.provenance, a.commit) for a in version.approvals] == [
        ("carol", "signed", signed)
    ]
    # carol signed the commit that made the change: a signature on a direct commit is
    # its maker's, not an approval (approve by signing the merge of others' commits)
    assert not version.approved
    assert version.authors == ("bob", "carol")
    assert "self-approval" in version.findings


def test_forged_and_foreign_signatures_are_only_trailers(
    compliance: GitRepo, ssh_keys: dict[str, Path]
) -> None:
    compliance.write(".soc2flow/allowed_signers", allowed_signers(ssh_keys, "carol"))
    amend_root(compliance)  # the root of trust trusts carol's key
    compliance.write("policies/access.md", policy(body="forged"))
    compliance.commit(
        "Edit\n\nApproved-by: Carol Diaz <carol@example.com>",
        author="bob",
        date="2026-02-01T10:00:00",
    )
    assert versions(compliance, "POL-ACCESS")[0].approvals[0].provenance == "trailer"
    compliance.write("policies/access.md", policy(body="signed by bob's key"))
    signed_commit(
        compliance, "Edit\n\nApproved-by: Carol Diaz <carol@example.com>", ssh_keys["bob"],
        author="bob", date="2026-02-02T10:00:00",
    )  # fmt: skip
    assert versions(compliance, "POL-ACCESS")[0].approvals[0].provenance == "trailer"


def test_uncommitted_allowed_signers_do_not_verify(
    compliance: GitRepo, ssh_keys: dict[str, Path]
) -> None:
    compliance.write("policies/access.md", policy(body="signed"))
    signed_commit(
        compliance, "Edit\n\nApproved-by: Carol Diaz <carol@example.com>", ssh_keys["carol"],
        author="bob", date="2026-02-01T10:00:00",
    )  # fmt: skip
    compliance.write(".soc2flow/allowed_signers", allowed_signers(ssh_keys, "carol"))
    assert versions(compliance, "POL-ACCESS")[0].approvals[0].provenance == "trailer"


def test_signed_merge_commit_approves_the_pr(
    compliance: GitRepo, ssh_keys: dict[str, Path]
) -> None:
    compliance.write(".soc2flow/allowed_signers", allowed_signers(ssh_keys, "carol"))
    amend_root(compliance)  # the root of trust trusts carol's key
    on_branch(compliance, "edit")
    compliance.write("policies/access.md", policy(body="via PR"))
    compliance.commit("Edit", author="bob", date="2026-02-01T10:00:00")
    compliance.git("checkout", "-q", "main")
    compliance.git(
        "-c", "gpg.format=ssh", "-c", f"user.signingkey={ssh_keys['carol']}",
        "merge", "-q", "--no-ff", "-S", "-m",
        "Merge pull request #5 from org/edit\n\nApproved-by: Carol Diaz <carol@example.com>",
        "edit", author="carol", date="2026-02-02T10:00:00",
    )  # fmt: skip
    version = versions(compliance, "POL-ACCESS")[0]
    assert version.pr == 5
    assert version.authors == ("bob",)
    assert [(a.who, a.provenance) for a in version.approvals] == [("carol", "signed")]
    assert version.approved


def test_high_criticality_needs_two_approvals(compliance: GitRepo) -> None:
    compliance.write(
        "policies/access.md",
        policy(body="high").replace("criticality: medium", "criticality: high"),
    )
    compliance.commit(
        "Raise\n\nApproved-by: Carol Diaz <carol@example.com>",
        author="bob",
        date="2026-02-01T10:00:00",
    )
    assert not versions(compliance, "POL-ACCESS")[0].approved
    compliance.write(
        "policies/access.md",
        policy(body="high2").replace("criticality: medium", "criticality: high"),
    )
    compliance.commit(
        "Edit\n\nApproved-by: Carol Diaz <carol@example.com>\nApproved-by: Dave Ruiz <dave@example.com>",
        author="bob", date="2026-02-02T10:00:00",
    )  # fmt: skip
    newest = versions(compliance, "POL-ACCESS")[0]
    assert not newest.approved  # high counts signed and pr-review only
    assert [(a.who, a.counted, a.why) for a in newest.approvals] == [
        ("carol", False, "asserted, not counted"),
        ("dave", False, "asserted, not counted"),
    ]


def test_backdated_and_future_reviews(compliance: GitRepo) -> None:
    compliance.write("policies/access.md", policy(reviewed="2025-11-01"))
    compliance.commit("Record review", author="alice", date="2026-01-10T10:00:00")
    compliance.write("policies/access.md", policy(reviewed="2026-03-01"))
    compliance.commit("Record review", author="alice", date="2026-02-10T10:00:00")
    compliance.write("policies/access.md", policy(reviewed="2026-03-01", body="same review date"))
    compliance.commit("Edit text", author="alice", date="2026-03-10T10:00:00")
    compliance.write("policies/access.md", policy(reviewed="2026-03-20", body="same"))
    compliance.commit("Record review", author="alice", date="2026-03-25T10:00:00")
    found = [v.findings for v in versions(compliance, "POL-ACCESS")]
    backdated = ["backdated-review" in f for f in found]
    assert backdated == [False, False, True, True, False]


def test_owner_change_needs_the_new_owners_approval(compliance: GitRepo) -> None:
    compliance.write("controls/AC-01.yaml", control(owner="dave"))
    compliance.commit(
        "Hand over\n\nApproved-by: Carol Diaz <carol@example.com>",
        author="bob",
        date="2026-02-01T10:00:00",
    )
    assert "owner-changed" in versions(compliance, "AC-01")[0].findings
    compliance.write("controls/AC-01.yaml", control(owner="alice"))
    compliance.commit(
        "Hand over\n\nApproved-by: Carol Diaz <carol@example.com>\nReviewed-by: Alice Ng <alice@example.com>",
        author="bob", date="2026-02-02T10:00:00",
    )  # fmt: skip
    assert "owner-changed" not in versions(compliance, "AC-01")[0].findings


def test_authors_and_approvers_mapped_through_github_noreply(compliance: GitRepo) -> None:
    on_branch(compliance, "x")
    compliance.write("policies/access.md", policy(body="noreply"))
    compliance.git("add", "-A")
    compliance.git(
        "commit", "-q", "-m", "Edit", "--author", "B. <12345+BobStone@users.noreply.github.com>",
        date="2026-02-01T10:00:00",
    )  # fmt: skip
    merge_pr(compliance, 9, "x", date="2026-02-02T10:00:00")
    assert versions(compliance, "POL-ACCESS")[0].authors == ("bob",)


def test_a_change_is_judged_by_the_terms_before_it(compliance: GitRepo) -> None:
    compliance.write("policies/access.md", policy().replace("[carol, dave]", "[carol]"))
    compliance.commit(
        "Only carol\n\nApproved-by: Carol Diaz <carol@example.com>",
        author="bob",
        date="2026-02-01T10:00:00",
    )
    compliance.write("policies/access.md", policy().replace("[carol, dave]", "[carol, bob]"))
    compliance.commit(
        "Let bob approve\n\nApproved-by: Bob Stone <bob@example.com>",
        author="alice",
        date="2026-02-02T10:00:00",
    )
    newest, before, _ = versions(compliance, "POL-ACCESS")
    assert before.approved
    assert not newest.approved  # bob was not an approver before this change
    compliance.write(
        "policies/access.md", policy(body="x").replace("[carol, dave]", "[carol, bob]")
    )
    compliance.commit(
        "Edit\n\nApproved-by: Bob Stone <bob@example.com>",
        author="alice",
        date="2026-02-03T10:00:00",
    )
    # bob's own rights came from an unapproved change: the terms in force are still
    # those of the last approved version, so he still may not approve
    assert not versions(compliance, "POL-ACCESS")[0].approved


def test_lowering_criticality_needs_the_higher_count(compliance: GitRepo) -> None:
    high = policy().replace("criticality: medium", "criticality: high")
    compliance.write("policies/access.md", high)
    amend_root(compliance)  # the first version is high: judged by its own terms
    compliance.write("policies/access.md", policy(body="lowered"))
    compliance.commit(
        "Lower\n\nApproved-by: Carol Diaz <carol@example.com>",
        author="bob",
        date="2026-02-02T10:00:00",
    )
    newest = versions(compliance, "POL-ACCESS")[0]
    assert not newest.approved
    assert "0 of 2" in newest.messages[0]  # high's count, and high's provenance floor


def test_an_approval_in_an_older_branch_commit_is_stale(compliance: GitRepo) -> None:
    on_branch(compliance, "edit")
    compliance.write("policies/access.md", policy(body="approved state"))
    compliance.commit(
        "Edit\n\nApproved-by: Carol Diaz <carol@example.com>",
        author="bob",
        date="2026-02-01T10:00:00",
    )
    compliance.write("policies/access.md", policy(body="changed after the approval"))
    compliance.commit("More", author="bob", date="2026-02-01T11:00:00")
    merge_pr(compliance, 8, "edit", by="bob", date="2026-02-02T10:00:00")
    assert versions(compliance, "POL-ACCESS")[0].approvals == ()
    on_branch(compliance, "edit2")
    compliance.write("policies/access.md", policy(body="again"))
    compliance.commit(
        "Edit\n\nApproved-by: Carol Diaz <carol@example.com>",
        author="bob",
        date="2026-02-03T10:00:00",
    )
    merge_pr(compliance, 9, "edit2", by="bob", date="2026-02-04T10:00:00")
    assert versions(compliance, "POL-ACCESS")[0].approved
