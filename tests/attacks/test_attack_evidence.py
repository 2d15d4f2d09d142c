"""Broken evidence proves nothing: tampered, missing, linked, submodule and future records."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.attacks.evidence_repo import EXPORT, FOLDER, build, findings, owed, record
from tests.conftest import GitRepo, run_cli

Q1_OWED = ("AC-01", "control-execution", "2026-Q1", "overdue")


def _binder_md(repo: GitRepo, out: Path) -> str:
    result = run_cli(
        "binder", "--period", "2026-01-01..2026-06-30", "--format", "md", "--out", str(out),
        cwd=repo.root,
    )  # fmt: skip
    assert result.code == 0, result.stderr
    return out.read_text(encoding="utf-8")


def test_an_intact_record_satisfies_its_quarter(git_repo: GitRepo) -> None:
    build(git_repo)
    assert Q1_OWED not in owed(git_repo)


def test_tampered_evidence_satisfies_nothing_in_due_coverage_and_binder(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    build(git_repo)
    git_repo.write(f"{FOLDER}/export.csv", "user,decision\nmallory,keep\n")
    git_repo.commit("Tidy the export", author="bob", date="2026-04-02T10:00:00")
    assert ("evidence-hash-mismatch", f"{FOLDER}/record.yaml") in findings(git_repo)
    assert Q1_OWED in owed(git_repo)
    text = _binder_md(git_repo, tmp_path / "b.md")
    assert "evidence invalid (evidence-hash-mismatch)" in text
    assert "| 2026-Q1 | 2026-04-30 | complete |" not in text
    coverage = run_cli("coverage", "--as-of", "2026-05-15", "--format", "json", cwd=git_repo.root)
    assert '"operating"' not in coverage.stdout
    shown = run_cli("show", "AC-01", "--as-of", "2026-05-15", "--format", "json", cwd=git_repo.root)
    data = json.loads(shown.stdout)
    assert data["last_execution"]["evidence_invalid"] == "evidence-hash-mismatch"
    assert ("overdue", "2026-Q1") in {(d["status"], d["period"]) for d in data["due"]}


def test_missing_evidence_satisfies_nothing(git_repo: GitRepo, tmp_path: Path) -> None:
    build(git_repo)
    (git_repo.root / FOLDER / "export.csv").unlink()
    git_repo.commit("Drop the export", date="2026-04-02T10:00:00")
    assert Q1_OWED in owed(git_repo)
    assert "evidence invalid (evidence-file-missing)" in _binder_md(git_repo, tmp_path / "b.md")


def test_a_symlink_inside_the_repository_is_broken_evidence(git_repo: GitRepo) -> None:
    build(git_repo)
    git_repo.write("docs/export.csv", EXPORT)  # same bytes, so the hash matches
    target = git_repo.root / FOLDER / "export.csv"
    target.unlink()
    target.symlink_to("../../../docs/export.csv")
    git_repo.commit("Point the export at the shared copy", date="2026-04-02T10:00:00")
    assert ("evidence-symlink", f"{FOLDER}/record.yaml") in findings(git_repo)
    assert Q1_OWED in owed(git_repo)


def test_a_file_inside_a_submodule_is_broken_evidence(git_repo: GitRepo, tmp_path: Path) -> None:
    build(git_repo, with_record=False)
    other = GitRepo(tmp_path / "other")
    other.root.mkdir()
    other.git("init", "-q", "-b", "main")
    other.write("export.csv", EXPORT)
    other.commit("export", date="2026-03-20T10:00:00")
    git_repo.git(
        "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(other.root),
        f"{FOLDER}/sub", date="2026-03-21T10:00:00",
    )  # fmt: skip
    git_repo.write(f"{FOLDER}/record.yaml", record(path="sub/export.csv"))
    git_repo.commit("Q1 from the export repository", date="2026-03-21T10:00:00")
    assert ("evidence-symlink", f"{FOLDER}/record.yaml") in findings(git_repo)
    assert Q1_OWED in owed(git_repo)


def test_a_record_dated_after_as_of_is_no_execution(git_repo: GitRepo) -> None:
    build(git_repo, with_record=False)
    git_repo.write("evidence/AC-01/2026-06-01/export.csv", EXPORT)
    git_repo.write(
        "evidence/AC-01/2026-06-01/record.yaml", record("2026-06-01") + "covers: 2026-Q1\n"
    )
    git_repo.commit("Q1, dated ahead", date="2026-03-21T10:00:00")
    found = findings(git_repo)
    assert ("date-in-future", "evidence/AC-01/2026-06-01/record.yaml") in found
    assert Q1_OWED in owed(git_repo)


def test_a_review_dated_in_the_future_is_no_review(git_repo: GitRepo) -> None:
    build(git_repo)
    git_repo.write(
        "policies/access.md",
        "---\nid: POL-ACCESS\ntitle: Access\nowner: alice\nreview: annual\n"
        "reviewed: 2031-01-01\n---\n# Access\n",
    )
    git_repo.commit("Access policy", date="2026-03-22T11:00:00")
    assert ("date-in-future", "policies/access.md") in findings(git_repo)
    reviews = [i for i in owed(git_repo, "2027-04-15") if i[1] == "policy-review"]
    assert reviews == [("POL-ACCESS", "policy-review", None, "overdue")]


def test_line_endings_converted_by_git_are_not_tampering(git_repo: GitRepo) -> None:
    build(git_repo)
    git_repo.git("config", "core.autocrlf", "true")
    (git_repo.root / FOLDER / "export.csv").unlink()
    git_repo.git("checkout", "--", f"{FOLDER}/export.csv")
    on_disk = (git_repo.root / FOLDER / "export.csv").read_bytes()
    assert on_disk == EXPORT.replace("\n", "\r\n").encode()  # the work tree has CRLF now
    status = git_repo.git("status", "--porcelain")
    assert status == ""
    assert ("evidence-hash-mismatch", f"{FOLDER}/record.yaml") not in findings(git_repo)
    assert Q1_OWED not in owed(git_repo)


def test_line_endings_do_not_hide_a_real_edit(git_repo: GitRepo) -> None:
    build(git_repo)
    git_repo.git("config", "core.autocrlf", "true")
    path = git_repo.root / FOLDER / "export.csv"
    path.write_bytes(b"user,decision\r\nmallory,keep\r\n")
    os.utime(path, (0, 0))
    assert subprocess.run(["git", "status", "--porcelain"], cwd=git_repo.root, capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert ("evidence-hash-mismatch", f"{FOLDER}/record.yaml") in findings(git_repo)
