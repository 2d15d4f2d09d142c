from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from soc2flow.errors import CannotRun
from soc2flow.workflow.evidence import EvidenceRequest, add_evidence
from tests.conftest import GitRepo, run_cli
from tests.workflow.helpers import starter


def _file(root: Path, name: str, data: bytes = b"user,decision\nbob,keep\n") -> Path:
    path = root / name
    path.write_bytes(data)
    return path


def _record(root: Path, folder: str) -> dict[str, object]:
    data = yaml.safe_load((root / folder / "record.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_add_copies_files_and_writes_a_hashed_record(git_repo: GitRepo, tmp_path: Path) -> None:
    starter(git_repo)
    export = _file(tmp_path, "users.csv")
    signoff = _file(tmp_path, "signoff.pdf", b"%PDF-1.4 signed")
    result = run_cli(
        "evidence", "add", "AC-01", str(export), str(signoff),
        "--evidence", "users.csv=review-export", "--evidence", "sign-off",
        "--performed", "2026-03-28", "--covers", "2026-Q1", "--by", "security-lead",
        "--notes", "Two accounts revoked.",
        cwd=git_repo.root,
    )  # fmt: skip
    assert result.code == 0, result.stderr
    folder = "evidence/AC-01/2026-03-28"
    assert result.stdout.strip() == folder
    record = _record(git_repo.root, folder)
    assert record == {
        "control": "AC-01",
        "performed": record["performed"],
        "performed_by": "security-lead",
        "covers": "2026-Q1",
        "result": "pass",
        "files": [
            {"path": "users.csv", "evidence": "review-export",
             "sha256": hashlib.sha256(export.read_bytes()).hexdigest()},
            {"path": "signoff.pdf", "evidence": "sign-off",
             "sha256": hashlib.sha256(b"%PDF-1.4 signed").hexdigest()},
        ],
        "notes": "Two accounts revoked.",
    }  # fmt: skip
    assert str(record["performed"]) == "2026-03-28"
    assert (git_repo.root / folder / "signoff.pdf").read_bytes() == b"%PDF-1.4 signed"


def test_single_evidence_id_is_inferred_and_the_folder_never_reused(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    starter(git_repo)
    report = _file(tmp_path, "scan.txt")
    args = (
        "evidence",
        "add",
        "OPS-05",
        str(report),
        "--performed",
        "2026-02-01",
        "--by",
        "engineering-lead",
    )
    first = run_cli(*args, cwd=git_repo.root)
    second = run_cli(*args, cwd=git_repo.root)
    assert (first.code, second.code) == (0, 0), second.stderr
    assert first.stdout.strip() == "evidence/OPS-05/2026-02-01"
    assert second.stdout.strip() == "evidence/OPS-05/2026-02-01-2"
    files = _record(git_repo.root, second.stdout.strip())["files"]
    assert isinstance(files, list)
    assert files[0]["evidence"] == "scan-report"
    clash = run_cli(*args, "--slug", "eu", cwd=git_repo.root)
    assert clash.code == 0
    again = run_cli(*args, "--slug", "eu", cwd=git_repo.root)
    assert again.code == 2
    assert "never overwritten" in again.stderr


def test_performer_comes_from_the_git_email(git_repo: GitRepo, tmp_path: Path) -> None:
    starter(git_repo)
    git_repo.git("config", "user.email", "Engineering@example.com")
    result = run_cli("evidence", "add", "OPS-05", str(_file(tmp_path, "a.txt")), cwd=git_repo.root)
    assert result.code == 0, result.stderr
    assert _record(git_repo.root, result.stdout.strip())["performed_by"] == "engineering-lead"
    git_repo.git("config", "user.email", "stranger@example.com")
    result = run_cli("evidence", "add", "OPS-05", str(_file(tmp_path, "b.txt")), cwd=git_repo.root)
    assert result.code == 2
    assert "--by" in result.stderr


def test_refusals_are_one_sentence_and_write_nothing(git_repo: GitRepo, tmp_path: Path) -> None:
    starter(git_repo)
    good = _file(tmp_path, "good.txt")
    big = _file(tmp_path, "big.bin", b"\0" * (5 * 1024 * 1024 + 1))
    link = tmp_path / "link.txt"
    os.symlink(good, link)
    folder = tmp_path / "folder"
    folder.mkdir()
    base = EvidenceRequest(
        root=git_repo.root,
        control="OPS-05",
        files=[good],
        performed=date(2026, 2, 1),
        today=date(2026, 2, 1),
        by="security-lead",
    )
    cases: list[tuple[dict[str, Any], str]] = [
        ({"control": "NOPE-1"}, "no valid control"),
        ({"control": "AC-01"}, "several kinds of evidence"),
        ({"control": "AC-01", "evidence": ["selfie"]}, "not an evidence id"),
        ({"evidence": ["other.txt=scan-report"]}, "names a file that is not being added"),
        ({"files": [good, big]}, "5 MiB"),
        ({"files": [link]}, "symlink"),
        ({"files": [folder]}, "folder"),
        ({"files": [tmp_path / "missing.txt"]}, "does not exist"),
        ({"files": [good, tmp_path / "sub" / "good.txt"]}, "two files are named"),
        ({"by": "nobody"}, "not an active person"),
        ({"covers": "2026-Q5"}, "not a period"),
        ({"covers": "2025-W53"}, "not a period"),  # 2025 has 52 ISO weeks
        ({"result": "great"}, "--result"),
        ({"performed": date(2999, 1, 1)}, "future"),
        ({"slug": "Not A Slug"}, "--slug"),
    ]
    for change, expected in cases:
        with pytest.raises(CannotRun) as caught:
            add_evidence(replace(base, **change))
        assert expected in str(caught.value), (change, caught.value)
    assert not (git_repo.root / "evidence").exists()
    # the same refusals through the CLI: exit 2, one sentence, no traceback
    for args, expected in (
        (("NOPE-1", str(good)), "no valid control"),
        (("OPS-05", str(link)), "symlink"),
        (("OPS-05", str(good), "--performed", "2026-02-30"), "not a date"),
    ):
        result = run_cli("evidence", "add", *args, "--by", "security-lead", cwd=git_repo.root)
        assert result.code == 2, (args, result.stderr)
        assert expected in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (git_repo.root / "evidence").exists()


def test_commit_records_a_control_trailer(git_repo: GitRepo, tmp_path: Path) -> None:
    starter(git_repo)
    git_repo.write("unrelated.txt", "staged but not part of the record\n")
    git_repo.git("add", "unrelated.txt")
    result = run_cli(
        "evidence", "add", "VEN-01", str(_file(tmp_path, "register.xlsx")),
        "--by", "security-lead", "--performed", "2026-01-10", "--commit",
        cwd=git_repo.root,
        env={"GIT_AUTHOR_NAME": "Sec", "GIT_AUTHOR_EMAIL": "security@example.com",
             "GIT_COMMITTER_NAME": "Sec", "GIT_COMMITTER_EMAIL": "security@example.com"},
    )  # fmt: skip
    assert result.code == 0, result.stderr
    message = git_repo.git("log", "-1", "--format=%B")
    assert message.startswith("Evidence for VEN-01, performed 2026-01-10")
    trailers = git_repo.git("log", "-1", "--format=%(trailers:key=Control,valueonly)")
    assert trailers.strip() == "VEN-01"
    changed = git_repo.git("show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == [
        "evidence/VEN-01/2026-01-10/record.yaml",
        "evidence/VEN-01/2026-01-10/register.xlsx",
    ]
    assert "unrelated.txt" in git_repo.git("diff", "--cached", "--name-only")


def test_symlinked_folders_cannot_redirect_writes(git_repo: GitRepo, tmp_path: Path) -> None:
    starter(git_repo)
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, git_repo.root / "evidence")
    result = run_cli(
        "evidence", "add", "OPS-05", str(_file(tmp_path, "scan.txt")), "--by", "engineering-lead",
        cwd=git_repo.root,
    )  # fmt: skip
    assert result.code == 2
    assert "outside the repository through a symlinked folder" in result.stderr
    (git_repo.root / ".github").rename(tmp_path / "moved")
    os.symlink(outside, git_repo.root / ".github")
    forced = run_cli("init", ".", "--force", cwd=git_repo.root)
    assert forced.code == 2
    assert "symlinked folder" in forced.stderr
    codeowners = run_cli("codeowners", cwd=git_repo.root)
    assert codeowners.code == 2
    assert "symlinked folder" in codeowners.stderr
    assert list(outside.iterdir()) == []


def test_a_person_who_had_left_is_not_accepted_as_performer(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    starter(git_repo)
    config = git_repo.root / "soc2flow.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "email: security@example.com}", "email: security@example.com, left: 2026-02-01}"
        ),
        encoding="utf-8",
    )
    export = _file(tmp_path, "users.csv")
    args = ("evidence", "add", "AC-01", str(export), "--evidence", "users.csv=review-export")
    after = run_cli(*args, "--performed", "2026-02-01", "--by", "security-lead", cwd=git_repo.root)
    assert after.code == 2
    assert "left on 2026-02-01" in after.stderr and "Traceback" not in after.stderr
    assert not (git_repo.root / "evidence" / "AC-01" / "2026-02-01").exists()
    git_repo.git("config", "user.email", "security@example.com")  # nor by their git email
    by_email = run_cli(*args, "--performed", "2026-02-02", cwd=git_repo.root)
    assert by_email.code == 2 and "--by" in by_email.stderr
    before = run_cli(*args, "--performed", "2026-01-31", cwd=git_repo.root)
    assert before.code == 0, before.stderr
    assert _record(git_repo.root, before.stdout.strip())["performed_by"] == "security-lead"
