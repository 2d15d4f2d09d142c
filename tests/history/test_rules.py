"""History rules in ``validate``: the newest version of each item, judged from git."""

from __future__ import annotations

from datetime import date

from soc2flow.usecases.validate import validate
from tests.conftest import GitRepo, run_cli
from tests.history.conftest import control, merge_pr, on_branch, policy

AS_OF = date(2026, 3, 31)


def rules_of(repo: GitRepo) -> list[tuple[str, str, int]]:
    result = validate(repo.root, as_of=AS_OF)
    history_rules = {
        "self-approval",
        "insufficient-approvals",
        "backdated-review",
        "owner-changed",
        "unapproved-change",
        "uncommitted-change",
        "note-invalid",
    }
    return sorted((f.rule, f.path, f.line) for f in result.findings if f.rule in history_rules)


def test_unapproved_change_on_the_default_branch_only(compliance: GitRepo) -> None:
    found = rules_of(compliance)
    assert ("unapproved-change", "policies/access.md", 2) in found
    # no approvals at all is unapproved-change alone, not also insufficient-approvals
    assert not [r for r in found if r[0] == "insufficient-approvals"]
    compliance.git("checkout", "-q", "--detach", "HEAD")
    assert not [r for r in rules_of(compliance) if r[0] == "unapproved-change"]


def test_approved_changes_are_clean(compliance: GitRepo) -> None:
    on_branch(compliance, "approve")
    compliance.write("policies/access.md", policy(body="v2"))
    compliance.write("controls/AC-01.yaml", control(title="v2"))
    compliance.commit("Edit", author="bob", date="2026-02-01T10:00:00")
    compliance.git("checkout", "-q", "main")
    compliance.git(
        "merge", "-q", "--no-ff", "-m",
        "Merge pull request #3 from org/approve\n\nApproved-by: Carol Diaz <carol@example.com>",
        "approve", author="carol", date="2026-02-02T10:00:00",
    )  # fmt: skip
    assert rules_of(compliance) == []


def test_self_approval_backdating_and_owner_change(compliance: GitRepo) -> None:
    compliance.write("policies/access.md", policy(reviewed="2025-10-01"))
    compliance.write("controls/AC-01.yaml", control(owner="dave"))
    compliance.commit(
        "Edit\n\nApproved-by: Alice Ng <alice@example.com>",
        author="alice",
        date="2026-02-01T10:00:00",
    )
    found = rules_of(compliance)
    assert ("self-approval", "policies/access.md", 2) in found
    assert ("backdated-review", "policies/access.md", 8) in found
    assert ("owner-changed", "controls/AC-01.yaml", 4) in found


def test_insufficient_approvals_when_some_but_not_enough(compliance: GitRepo) -> None:
    compliance.write(
        "policies/access.md", policy().replace("criticality: medium", "criticality: high")
    )
    compliance.commit(
        "Raise\n\nApproved-by: Carol Diaz <carol@example.com>",
        author="bob",
        date="2026-02-01T10:00:00",
    )
    assert ("insufficient-approvals", "policies/access.md", 2) in rules_of(compliance)


def test_uncommitted_change_and_malformed_note(compliance: GitRepo) -> None:
    compliance.write("controls/AC-01.yaml", control(title="edited, not committed"))
    compliance.git("notes", "--ref=refs/notes/soc2flow", "add", "-m", "not json", "HEAD")
    found = rules_of(compliance)
    assert ("uncommitted-change", "controls/AC-01.yaml", 1) in found
    assert ("note-invalid", "refs/notes/soc2flow", 1) in found


def test_validate_cli_reports_history_rules(compliance: GitRepo) -> None:
    merge_pr_repo = compliance
    on_branch(merge_pr_repo, "x")
    compliance.write("controls/AC-01.yaml", control(title="x"))
    compliance.commit(
        "Edit\n\nApproved-by: Bob Stone <bob@example.com>", author="bob", date="2026-02-01T10:00:00"
    )
    merge_pr(compliance, 4, "x", date="2026-02-02T10:00:00")
    result = run_cli("validate", "--as-of", "2026-03-31", cwd=compliance.root)
    assert "controls/AC-01.yaml:1:1: error self-approval: change " in result.stdout
    assert "(PR #4): bob approved a change they authored" in result.stdout


def test_governance_unapproved_names_each_file_the_change_touched(compliance: GitRepo) -> None:
    config = (compliance.root / "soc2flow.yaml").read_text()
    compliance.write("soc2flow.yaml", config.replace("Example Corp", "Example Corp."))
    compliance.write("people.csv", "id,name,email\nerin,Erin Park,erin@example.com\n")
    compliance.commit("Staff list", author="bob", date="2026-02-01T10:00:00")
    result = validate(compliance.root, as_of=AS_OF)
    found = {f.path: f.message for f in result.findings if f.rule == "governance-unapproved"}
    assert sorted(found) == ["people.csv", "soc2flow.yaml"]
    for path, message in found.items():
        assert message.startswith(f"{path} changed in "), message
