from __future__ import annotations

from tests.conftest import GitRepo, run_cli
from tests.workflow.helpers import set_people, starter

PEOPLE = """\
  - {id: ceo, name: Carol Diaz, github: carol-d}
  - {id: security-lead, name: Alice Ng, github: "@alice-ng", email: alice@example.com}
  - {id: engineering-lead, name: Bob Stone, email: bob@example.com}
  - {id: people-lead, name: Pat Lee}
  - {id: dave, name: Dave Ruiz, github: dave-r, active: false}
"""


def test_codeowners_writes_a_deterministic_block(git_repo: GitRepo) -> None:
    starter(git_repo)
    set_people(git_repo, PEOPLE)
    result = run_cli("codeowners", cwd=git_repo.root)
    assert result.code == 0, result.stderr
    text = (git_repo.root / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# BEGIN soc2flow"
    assert lines[-1] == "# END soc2flow"
    assert "/policies/access.md @alice-ng @carol-d bob@example.com" in lines
    # a control without approvers: the owner, then the lead of the owner's team
    assert "/controls/AC-01.yaml @alice-ng @carol-d" in lines
    assert "/controls/OPS-04.yaml bob@example.com @alice-ng" in lines
    # a high-criticality control approved by a team: the team's members and lead
    assert "/controls/OPS-05.yaml bob@example.com @carol-d @alice-ng" in lines
    # nobody reachable: people-lead has neither login nor email; the team lead is carol
    assert "/controls/HR-01.yaml @carol-d" in lines
    rules = [line.split()[0] for line in lines if line.startswith("/")]
    assert rules == sorted(rules)
    assert "people-lead" in result.stderr
    again = run_cli("codeowners", cwd=git_repo.root)
    assert "unchanged" in again.stderr
    assert (git_repo.root / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == text


def test_check_exits_1_when_out_of_step_and_keeps_other_lines(git_repo: GitRepo) -> None:
    starter(git_repo)
    set_people(git_repo, PEOPLE)
    codeowners = git_repo.root / ".github" / "CODEOWNERS"
    codeowners.write_text("* @acme/platform\n", encoding="utf-8")
    assert run_cli("codeowners", "--check", cwd=git_repo.root).code == 1
    assert codeowners.read_text(encoding="utf-8") == "* @acme/platform\n"
    assert run_cli("codeowners", cwd=git_repo.root).code == 0
    text = codeowners.read_text(encoding="utf-8")
    assert text.startswith("* @acme/platform\n\n# BEGIN soc2flow\n")
    assert run_cli("codeowners", "--check", cwd=git_repo.root).code == 0
    policy = git_repo.root / "policies" / "vendor.md"
    policy.write_text(
        policy.read_text(encoding="utf-8").replace(
            "approvers: [ceo]", "approvers: [engineering-lead]"
        ),
        encoding="utf-8",
    )
    result = run_cli("codeowners", "--check", cwd=git_repo.root)
    assert result.code == 1
    assert "out of step" in result.stderr
    assert run_cli("codeowners", cwd=git_repo.root).code == 0
    updated = codeowners.read_text(encoding="utf-8")
    assert "/policies/vendor.md @alice-ng bob@example.com" in updated.splitlines()
    assert updated.startswith("* @acme/platform\n\n# BEGIN soc2flow\n")
    assert updated.count("# BEGIN soc2flow") == 1


def test_codeowners_without_config_is_one_sentence(git_repo: GitRepo) -> None:
    git_repo.write("policies/x.md", "---\nid: POL-X\n---\n")
    result = run_cli("codeowners", cwd=git_repo.root)
    assert result.code == 2
    assert "soc2flow.yaml" in result.stderr


def test_validate_reports_codeowners_out_of_step(git_repo: GitRepo) -> None:
    starter(git_repo)
    set_people(git_repo, PEOPLE)
    assert run_cli("codeowners", cwd=git_repo.root).code == 0
    git_repo.commit("Add CODEOWNERS", date="2026-01-06T10:00:00")
    ok = run_cli("validate", "--format", "json", cwd=git_repo.root)
    assert "codeowners-out-of-step" not in ok.stdout, ok.stdout
    policy = git_repo.root / "policies" / "vendor.md"
    policy.write_text(
        policy.read_text(encoding="utf-8").replace(
            "owner: security-lead", "owner: engineering-lead"
        ),
        encoding="utf-8",
    )
    stale = run_cli("validate", cwd=git_repo.root)
    assert stale.code == 1
    assert (
        ".github/CODEOWNERS:1:1: error codeowners-out-of-step: .github/CODEOWNERS is out of step"
        in stale.stdout
    ), stale.stdout
    (git_repo.root / ".github" / "CODEOWNERS").write_text("* @acme/all\n", encoding="utf-8")
    foreign = run_cli("validate", cwd=git_repo.root)
    assert "has no soc2flow block" in foreign.stdout


def test_a_person_who_has_left_is_no_code_owner(git_repo: GitRepo) -> None:
    starter(git_repo)
    set_people(
        git_repo,
        PEOPLE.replace("email: alice@example.com}", "email: alice@example.com, left: 2999-12-31}"),
    )
    assert run_cli("codeowners", cwd=git_repo.root).code == 0
    codeowners = git_repo.root / ".github" / "CODEOWNERS"
    assert "/policies/access.md @alice-ng @carol-d bob@example.com" in codeowners.read_text(
        encoding="utf-8"
    )
    # On the day after alice leaves, validate finds the file out of step: she still owns it.
    later = run_cli("validate", "--as-of", "3000-01-01", "--format", "json", cwd=git_repo.root)
    assert "codeowners-out-of-step" in later.stdout
    today = run_cli("validate", "--format", "json", cwd=git_repo.root)
    assert "codeowners-out-of-step" not in today.stdout
    set_people(
        git_repo,
        PEOPLE.replace("email: alice@example.com}", "email: alice@example.com, left: 2020-01-01}"),
    )
    assert run_cli("codeowners", cwd=git_repo.root).code == 0
    lines = codeowners.read_text(encoding="utf-8").splitlines()
    assert "/policies/access.md @carol-d bob@example.com" in lines
    assert not any("@alice-ng" in line for line in lines)
