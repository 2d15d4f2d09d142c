"""End-to-end: the real `soc2flow validate` and `soc2flow schema` commands."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import GitRepo, run_cli
from tests.validate.corpus import VALID


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "compliance"
    shutil.copytree(VALID, root)
    return root


def _break(root: Path) -> None:
    """Three problems in three files, one of them a warning."""
    control = root / "controls" / "AC-01.yaml"
    control.write_text(control.read_text().replace("owner: bob", "owner: dave"))
    policy = root / "policies" / "access.md"
    policy.write_text(policy.read_text().replace("CC6.2", "CC6.9"))
    extra = root / "evidence" / "AC-01" / "2026-03-28-q1" / "extra.csv"
    extra.write_text("user\n")


def test_clean_repository_outside_git_exits_0(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    result = run_cli("validate", "--repo", str(root), "--as-of", "2026-04-01", cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert result.stdout == ""
    note, summary = result.stderr.splitlines()
    assert note.startswith("note: history rules skipped (not a git repository): self-approval")
    assert summary == "0 errors, 0 warnings in 14 files (as of 2026-04-01)"


def test_every_finding_is_reported_in_text(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _break(root)
    result = run_cli("validate", "--as-of", "2026-04-01", cwd=root)
    assert result.code == 1
    assert result.stdout.splitlines() == [
        "controls/AC-01.yaml:5:1: error owner-inactive: owner 'dave' is not an active person or team",
        "evidence/AC-01/2026-03-28-q1/record.yaml:6:1: warning evidence-file-unlisted: "
        "'evidence/AC-01/2026-03-28-q1/extra.csv' is in the record folder but not listed",
        "policies/access.md:10:19: error criterion-unknown: 'CC6.9' is not a criterion of soc2-tsc-2017",
    ]
    assert "2 errors, 1 warning in 14 files" in result.stderr
    assert "Traceback" not in result.stderr


def test_warnings_fail_only_with_strict(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / "evidence" / "AC-01" / "2026-03-28-q1" / "extra.csv").write_text("user\n")
    plain = run_cli("validate", "--as-of", "2026-04-01", "--format", "json", cwd=root)
    strict = run_cli("validate", "--as-of", "2026-04-01", "--strict", cwd=root)
    assert plain.code == 0
    assert json.loads(plain.stdout)["summary"] == {"errors": 0, "warnings": 1, "files": 14}
    assert strict.code == 1


def test_paths_filter_findings(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _break(root)
    result = run_cli(
        "validate", "--as-of", "2026-04-01", "controls", "policies/access.md", cwd=root
    )
    assert result.code == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        "controls/AC-01.yaml",
        "policies/access.md",
    ]
    assert "in 5 files" in result.stderr


def test_github_format_in_a_git_repository(git_repo: GitRepo) -> None:
    shutil.copytree(VALID, git_repo.root, dirs_exist_ok=True)
    _break(git_repo.root)
    git_repo.commit("compliance repository")
    result = run_cli("validate", "--as-of", "2026-04-01", "--format", "github", cwd=git_repo.root)
    assert result.code == 1
    assert (
        "::error file=controls/AC-01.yaml,line=5,col=1,title=owner-inactive::"
        "owner 'dave' is not an active person or team"
    ) in result.stdout.splitlines()


def test_cannot_run_is_one_sentence_and_exit_2(tmp_path: Path) -> None:
    no_config = run_cli("validate", "--repo", str(tmp_path), cwd=tmp_path)
    assert no_config.code == 2
    assert no_config.stderr.strip() == (
        f"soc2flow: {tmp_path.resolve()} has no soc2flow.yaml; run soc2flow init or pass --repo"
    )
    root = _copy(tmp_path)
    bad_date = run_cli("validate", "--as-of", "2026-02-30", cwd=root)
    assert bad_date.code == 2
    assert "Traceback" not in bad_date.stderr
    outside = run_cli("validate", str(tmp_path), cwd=root)
    assert outside.code == 2
    assert "outside the repository" in outside.stderr


def test_schema_prints_and_writes_every_kind(tmp_path: Path) -> None:
    one = run_cli("schema", "--kind", "control", cwd=tmp_path)
    assert one.code == 0
    control = json.loads(one.stdout)
    assert control["title"] == "soc2flow control"
    assert "cadence" in control["required"]
    out = tmp_path / "schemas"
    written = run_cli("schema", "--out", str(out), cwd=tmp_path)
    assert written.code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "config.schema.json",
        "control.schema.json",
        "exception.schema.json",
        "policy.schema.json",
        "record.schema.json",
        "risk.schema.json",
        "vendor.schema.json",
    ]
    assert json.loads((out / "control.schema.json").read_text()) == control
