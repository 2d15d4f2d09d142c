"""Inputs are matched in full and bounded; evidence add holds up to races and read-only
repositories; no command answers with an internal error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.attacks.evidence_repo import build, findings
from tests.conftest import SRC, GitRepo, run_cli


def _cli_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC), "NO_COLOR": "1"}


def test_an_id_with_a_trailing_newline_is_not_an_id(git_repo: GitRepo) -> None:
    build(git_repo, with_record=False)
    git_repo.write(
        "controls/AC-02.yaml", 'id: "AC-01\\n"\ntitle: x\nowner: alice\ncadence: quarterly\n'
    )
    assert ("id-invalid", "controls/AC-02.yaml") in findings(git_repo)


def test_a_slug_with_a_newline_is_refused(git_repo: GitRepo, tmp_path: Path) -> None:
    build(git_repo, with_record=False)
    export = tmp_path / "export.csv"
    export.write_text("user\nbob\n")
    result = run_cli(
        "evidence", "add", "AC-01", str(export), "--by", "alice", "--slug", "eu\n",
        cwd=git_repo.root,
    )  # fmt: skip
    assert result.code == 2
    assert result.stderr.startswith("soc2flow: --slug 'eu\\n' must be lowercase")
    assert not (git_repo.root / "evidence").exists()


def test_a_huge_day_count_is_out_of_range_and_crashes_nothing(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    build(git_repo)
    git_repo.write(
        "exceptions/EXC-1.yaml",
        "id: EXC-1\nkind: emergency-change\ncontrol: AC-01\nreason: outage\nrisk: high\n"
        "owner: alice\nopened: 2026-02-01\nexpires: 2026-12-31\n"
        "retrospective_approval_days: 3000000\n",
    )
    git_repo.commit("Emergency change", date="2026-02-01T10:00:00")
    assert ("value-out-of-range", "exceptions/EXC-1.yaml") in findings(git_repo)
    for args in (
        ("due", "--as-of", "2026-05-15"),
        ("binder", "--format", "md", "--out", str(tmp_path / "b.md")),
        ("coverage", "--as-of", "2026-05-15"),
    ):
        result = run_cli(*args, cwd=git_repo.root)
        assert result.code in (0, 1), result.stderr
        assert "internal error" not in result.stderr


def test_a_cadence_that_never_occurs_is_reported(git_repo: GitRepo) -> None:
    build(git_repo, with_record=False)
    git_repo.write(
        "controls/AC-09.yaml",
        "id: AC-09\ntitle: Leap review\nowner: alice\n"
        'cadence: {rrule: "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"}\n',
    )
    assert ("cadence-never-due", "controls/AC-09.yaml") in findings(git_repo)


def test_a_yaml_boolean_where_text_belongs_gets_a_hint(git_repo: GitRepo) -> None:
    build(git_repo, with_record=False)
    git_repo.write("controls/AC-02.yaml", "id: AC-02\ntitle: x\nowner: no\ncadence: quarterly\n")
    result = run_cli("validate", "--format", "json", "--as-of", "2026-05-15", cwd=git_repo.root)
    found = [f for f in json.loads(result.stdout)["findings"] if f["path"] == "controls/AC-02.yaml"]
    assert [f["rule"] for f in found] == ["schema-invalid"]
    assert "quote the value" in found[0]["message"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("github", '"-alice"'), ("github", "a" * 40), ("email", '"bob@example.com\\nBcc: x"')],
)
def test_people_fields_are_checked_in_full(git_repo: GitRepo, field: str, value: str) -> None:
    build(git_repo, with_record=False)
    config = (git_repo.root / "soc2flow.yaml").read_text()
    git_repo.write(
        "soc2flow.yaml", config.replace("email: bob@example.com}", f"{field}: {value}}}")
    )
    assert ("person-field-invalid", "soc2flow.yaml") in findings(git_repo)


def test_twelve_concurrent_evidence_adds_each_get_a_folder_or_one_sentence(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    build(git_repo, with_record=False)
    export = tmp_path / "export.csv"
    export.write_text("user\nbob\n")
    command = [
        sys.executable, "-m", "soc2flow", "evidence", "add", "AC-01", str(export),
        "--by", "alice", "--performed", "2026-03-20",
    ]  # fmt: skip
    procs = [
        subprocess.Popen(
            command,
            cwd=git_repo.root,
            env=_cli_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(12)
    ]
    results = [(p.wait(), *p.communicate()) for p in procs]
    folders = [out.strip() for code, out, _ in results if code == 0]
    for code, _, err in results:
        assert "Traceback" not in err and "internal error" not in err
        assert code == 0 or (code == 2 and err.count("\n") == 1)
    assert len(folders) == len(set(folders)) >= 1
    made = sorted(p.parent.name for p in (git_repo.root / "evidence").rglob("record.yaml"))
    assert len(made) == len(folders)
    assert not list((git_repo.root / "evidence" / "AC-01").glob(".new-*"))


def _lock(path: Path, on: bool) -> bool:
    """Make ``path`` read-only (chattr +i as well when running as root), or undo it."""
    if on:
        path.chmod(0o555)
    immutable = True
    if os.geteuid() == 0:
        flag = "+i" if on else "-i"
        done = subprocess.run(["chattr", flag, str(path)], capture_output=True, check=False)
        immutable = done.returncode == 0
    if not on:
        path.chmod(0o755)
    return immutable


def test_a_read_only_repository_gets_one_sentence(git_repo: GitRepo, tmp_path: Path) -> None:
    build(git_repo, with_record=False)
    (git_repo.root / "evidence").mkdir()
    export = tmp_path / "export.csv"
    export.write_text("user\nbob\n")
    if not _lock(git_repo.root / "evidence", True):
        _lock(git_repo.root / "evidence", False)
        pytest.skip("this file system cannot be made read-only for root")
    try:
        result = run_cli(
            "evidence", "add", "AC-01", str(export), "--by", "alice", cwd=git_repo.root
        )
    finally:
        _lock(git_repo.root / "evidence", False)
    assert result.code == 2
    assert result.stderr.startswith("soc2flow: cannot write in ")
    assert result.stderr.count("\n") == 1
    assert "writable repository" in result.stderr
