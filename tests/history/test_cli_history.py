"""``soc2flow history``, ``show`` and the refusals, end to end through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import GitRepo, run_cli
from tests.history.conftest import control, merge_pr, on_branch, policy


def pr_repo(compliance: GitRepo) -> str:
    on_branch(compliance, "edit")
    compliance.write("policies/access.md", policy(body="v2"))
    compliance.commit("Edit the policy", author="bob", date="2026-02-01T10:00:00")
    return merge_pr(compliance, 12, "edit", by="carol", date="2026-02-02T10:00:00")


def test_history_json_follows_the_spec(compliance: GitRepo) -> None:
    merge = pr_repo(compliance)
    result = run_cli("history", "POL-ACCESS", "--format", "json", cwd=compliance.root)
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["id", "path", "versions"]
    assert data["id"] == "POL-ACCESS"
    assert data["path"] == "policies/access.md"
    newest = data["versions"][0]
    assert list(newest) == [
        "commit",
        "date",
        "author",
        "pr",
        "paths",
        "approvals",
        "approved",
        "findings",
    ]
    assert newest == {
        "commit": merge,
        "date": "2026-02-02",
        "author": "bob",
        "pr": 12,
        "paths": ["policies/access.md"],
        "approvals": [],
        "approved": False,
        "findings": ["insufficient-approvals"],
    }
    assert len(data["versions"]) == 2


def test_history_table(compliance: GitRepo) -> None:
    pr_repo(compliance)
    result = run_cli("history", "POL-ACCESS", cwd=compliance.root)
    assert result.code == 0, result.stderr
    assert "#12" in result.stdout
    assert "insufficient-approvals" in result.stdout
    assert "2026-02-02" in result.stdout


def test_history_table_fits_an_80_column_log(compliance: GitRepo) -> None:
    pr_repo(compliance)
    result = run_cli("history", "POL-ACCESS", cwd=compliance.root, env={"COLUMNS": "80"})
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    header = next(line for line in lines if "commit" in line)
    for column in ("commit", "date", "author", "PR", "approvals", "approved", "change"):
        assert f" {column} " in header
    assert any(
        line.startswith(tuple("0123456789abcdef")) and "insufficient-approvals:" in line
        for line in lines
    )


def test_history_table_wraps_and_never_crops(compliance: GitRepo) -> None:
    """Narrower terminals fold the cells: every letter and digit of the wide table is
    still there, and no line is longer than the terminal."""
    pr_repo(compliance)

    def letters(width: int) -> tuple[int, int]:
        result = run_cli("history", "POL-ACCESS", cwd=compliance.root, env={"COLUMNS": str(width)})
        assert result.code == 0, result.stderr
        lines = result.stdout.splitlines()
        return sum(ch.isalnum() for ch in result.stdout), max(len(line) for line in lines)

    wide, _ = letters(200)
    for width in (80, 60, 40):
        count, longest = letters(width)
        assert longest <= width and count == wide, width


def test_show_json_resolves_the_item(compliance: GitRepo) -> None:
    compliance.write(
        "evidence/AC-01/2026-03-28/record.yaml",
        "control: AC-01\nperformed: 2026-03-28\nperformed_by: bob\nresult: pass\n",
    )
    compliance.commit("Evidence", author="bob", date="2026-03-28T10:00:00")
    result = run_cli(
        "show", "AC-01", "--format", "json", "--as-of", "2026-04-01", cwd=compliance.root
    )
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert ("control-execution", "2026-Q2", "ok") in [
        (d["kind"], d["period"], d["status"]) for d in data["due"]
    ]
    assert data["owner"] == "bob"
    assert data["approvers"] == ["carol"]
    assert data["profile"] == {"name": "medium", "approvals": 1}
    assert data["links"]["policy"] == ["POL-ACCESS"]
    assert data["last_execution"]["performed"] == "2026-03-28"
    assert data["versions"]["count"] == 1
    policy_view = json.loads(
        run_cli("show", "POL-ACCESS", "--format", "json", cwd=compliance.root).stdout
    )
    assert policy_view["links"]["controls"] == ["AC-01"]
    assert policy_view["approvers"] == ["carol", "dave"]


def test_show_table(compliance: GitRepo) -> None:
    result = run_cli("show", "POL-ACCESS", cwd=compliance.root)
    assert result.code == 0, result.stderr
    assert "Access Control Policy" in result.stdout
    assert "carol, dave" in result.stdout
    letters = []
    for width in (200, 30):
        shown = run_cli("show", "POL-ACCESS", cwd=compliance.root, env={"COLUMNS": str(width)})
        assert max(len(line) for line in shown.stdout.splitlines()) <= width
        letters.append(sum(ch.isalnum() for ch in shown.stdout))
    assert letters[0] == letters[1]  # field names fold too, nothing is cut off


def test_unknown_id_is_exit_2(compliance: GitRepo) -> None:
    result = run_cli("history", "NOPE-1", cwd=compliance.root)
    assert result.code == 2
    assert "NOPE-1" in result.stderr
    assert "Traceback" not in result.stderr


def test_uncommitted_changes_are_reported(compliance: GitRepo) -> None:
    compliance.write("controls/AC-01.yaml", control(owner="alice"))
    result = run_cli("history", "AC-01", "--format", "json", cwd=compliance.root)
    assert result.code == 0
    assert "uncommitted changes" in result.stderr
    assert len(json.loads(result.stdout)["versions"]) == 1


def test_detached_head_works_and_says_so(compliance: GitRepo) -> None:
    pr_repo(compliance)
    compliance.git("checkout", "-q", "--detach", "HEAD")
    result = run_cli("history", "POL-ACCESS", "--format", "json", cwd=compliance.root)
    assert result.code == 0
    assert "detached" in result.stderr


def test_not_a_repository(tmp_path: Path) -> None:
    result = run_cli("history", "AC-01", "--repo", str(tmp_path), cwd=tmp_path)
    assert result.code == 2
    assert "not inside a git repository" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_no_commits(git_repo: GitRepo) -> None:
    result = run_cli("history", "AC-01", cwd=git_repo.root)
    assert result.code == 2
    assert "no commits" in result.stderr


def test_unknown_rev(compliance: GitRepo) -> None:
    result = run_cli("history", "AC-01", "--rev", "no-such-branch", cwd=compliance.root)
    assert result.code == 2
    assert "no-such-branch" in result.stderr
    result = run_cli("history", "AC-01", "--rev", "--output=x", cwd=compliance.root)
    assert result.code == 2


def test_shallow_clone_is_refused(compliance: GitRepo, tmp_path: Path) -> None:
    pr_repo(compliance)
    clone = tmp_path / "clone"
    compliance.git("clone", "-q", "--depth", "1", f"file://{compliance.root}", str(clone))
    result = run_cli("history", "AC-01", cwd=clone)
    assert result.code == 2
    assert "fetch-depth: 0" in result.stderr
    assert "git fetch --unshallow" in result.stderr


def test_history_table_says_what_changed(compliance: GitRepo) -> None:
    compliance.git("mv", "policies/access.md", "policies/access-control.md")
    compliance.commit("Rename", author="bob", date="2026-02-04T10:00:00")
    result = run_cli("history", "POL-ACCESS", cwd=compliance.root)
    assert result.code == 0, result.stderr
    assert "renamed from policies/access.md" in result.stdout
    assert "added (+2 other files)" in result.stdout
    assert (
        "insufficient-approvals: has 0 of 1 required approval(s) from carol, dave" in result.stdout
    )


def test_a_new_uncommitted_item_has_no_versions(compliance: GitRepo) -> None:
    compliance.write("controls/AC-02.yaml", control().replace("AC-01", "AC-02"))
    result = run_cli("history", "AC-02", "--format", "json", cwd=compliance.root)
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "id": "AC-02",
        "path": "controls/AC-02.yaml",
        "versions": [],
    }
    assert "uncommitted changes" in result.stderr
