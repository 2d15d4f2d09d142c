"""``soc2flow binder`` and ``soc2flow verify`` end to end, on a real repository."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import GitRepo, run_cli
from tests.render.conftest import head


def _binder(root: Path, out: Path, *args: str) -> bytes:
    result = run_cli("binder", "--out", str(out), *args, cwd=root)
    assert result.code == 0, result.stderr
    assert result.stdout.strip() == str(out)
    return out.read_bytes()


@pytest.mark.parametrize("fmt", ["html", "md", "zip"])
def test_same_commit_gives_identical_bytes(scenario_repo: Path, tmp_path: Path, fmt: str) -> None:
    first = _binder(scenario_repo, tmp_path / f"a.{fmt}", "--format", fmt)
    again = _binder(
        scenario_repo, tmp_path / f"b.{fmt}", "--format", fmt, "--rev", head(scenario_repo)
    )
    assert first == again


def test_binder_reads_the_commit_not_the_work_tree(scenario_repo: Path, tmp_path: Path) -> None:
    policy = scenario_repo / "policies" / "access.md"
    before = _binder(scenario_repo, tmp_path / "a.md", "--format", "md")
    original = policy.read_text(encoding="utf-8")
    try:
        policy.write_text(original.replace("every quarter", "UNCOMMITTED EDIT"), encoding="utf-8")
        after = _binder(scenario_repo, tmp_path / "b.md", "--format", "md")
    finally:
        policy.write_text(original, encoding="utf-8")
    assert after == before
    assert b"UNCOMMITTED EDIT" not in after


def test_older_rev_and_period(scenario_repo: Path, tmp_path: Path) -> None:
    text = _binder(
        scenario_repo, tmp_path / "q1.md", "--format", "md", "--rev", "HEAD~3",
        "--period", "2026-01-01..2026-03-31",
    ).decode()  # fmt: skip
    assert "Audit period 2026-01-01 to 2026-03-31" in text
    assert "EXC-2026-001" not in text


def test_default_output_name(scenario_repo: Path, tmp_path: Path) -> None:
    work = tmp_path / "copy"
    shutil.copytree(scenario_repo, work)
    result = run_cli("binder", cwd=work)
    assert result.code == 0, result.stderr
    assert (work / "binder-2026-01-01-2026-06-30.html").is_file()


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2026-13-01..2026-12-31", "is not START..END with real dates"),
        ("2026-06-30..2026-01-01", "ends before it starts"),
        ("last year", "is not START..END"),
    ],
)
def test_bad_period_is_one_sentence(
    scenario_repo: Path, tmp_path: Path, period: str, message: str
) -> None:
    out = tmp_path / "x.html"
    result = run_cli("binder", "--period", period, "--out", str(out), cwd=scenario_repo)
    assert result.code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_verify_accepts_then_names_tampering(scenario_repo: Path, tmp_path: Path) -> None:
    good = tmp_path / "b.zip"
    _binder(scenario_repo, good, "--format", "zip")
    ok = run_cli("verify", str(good), cwd=scenario_repo)
    assert ok.code == 0, ok.stdout + ok.stderr
    assert "source commit" in ok.stderr and "matches" in ok.stderr
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(bad, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename.endswith("users.csv"):
                data = data.replace(b"revoke", b"keep")
            new.writestr(info, data)
    tampered = run_cli("verify", str(bad), cwd=scenario_repo)
    assert tampered.code == 1
    assert tampered.stdout == (
        "evidence/AC-01/2026-03-28/users.csv: sha256 in the zip differs from the manifest\n"
    )


def test_verify_against_a_repository_that_changed_the_file(
    scenario_repo: Path, tmp_path: Path
) -> None:
    binder = tmp_path / "b.zip"
    _binder(scenario_repo, binder, "--format", "zip")
    other = GitRepo(tmp_path / "other")
    shutil.copytree(scenario_repo, other.root)
    other.write("evidence/AC-01/2026-03-28/users.csv", "rewritten history\n")
    other.git("commit", "-q", "-a", "--amend", "--no-edit")
    subprocess.run(["git", "gc", "-q", "--prune=now"], cwd=other.root, check=False)
    other.git("reflog", "expire", "--expire=now", "--all")
    other.git("gc", "-q", "--prune=now")
    result = run_cli("verify", str(binder), cwd=other.root)
    assert result.code == 1
    assert "is not in this repository" in result.stdout


def test_verify_outside_a_repository_checks_the_zip_only(
    scenario_repo: Path, tmp_path: Path
) -> None:
    binder = tmp_path / "b.zip"
    _binder(scenario_repo, binder, "--format", "zip")
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    result = run_cli("verify", str(binder), cwd=lonely)
    assert result.code == 0, result.stderr
    assert "not inside the repository" in result.stderr


def test_pdf_without_weasyprint_says_how_to_install(scenario_repo: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "weasyprint.py").write_text("raise ImportError('blocked for the test')\n")
    import os

    env = {"PYTHONPATH": os.pathsep.join([str(blocker), str(Path(__file__).parents[2] / "src")])}
    result = run_cli(
        "binder", "--format", "pdf", "--out", str(tmp_path / "b.pdf"), cwd=scenario_repo, env=env
    )
    assert result.code == 2
    assert result.stderr == (
        "soc2flow: PDF output needs weasyprint; install it with: pip install 'soc2flow[pdf]'\n"
    )
    assert not (tmp_path / "b.pdf").exists()


def test_pdf_binder(scenario_repo: Path, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    pdf = _binder(scenario_repo, tmp_path / "b.pdf", "--format", "pdf")
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")


def _copy(scenario_repo: Path, tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "copy")
    shutil.copytree(scenario_repo, repo.root)
    return repo


def test_template_override_from_the_commit(scenario_repo: Path, tmp_path: Path) -> None:
    repo = _copy(scenario_repo, tmp_path)
    repo.write(
        "templates/binder.html",
        '{% extends "builtin/binder.html" %}{% block extra_css %}h1 { color: teal; }{% endblock %}',
    )
    repo.commit("Brand the binder", author="carol", date="2026-07-11T10:00:00")
    repo.write("templates/binder.html", "uncommitted override")
    html = _binder(repo.root, tmp_path / "b.html").decode()
    assert "h1 { color: teal; }" in html
    assert "<code>templates/binder.html</code>" in html
    assert "uncommitted override" not in html


def test_hostile_override_stops_with_one_sentence(scenario_repo: Path, tmp_path: Path) -> None:
    repo = _copy(scenario_repo, tmp_path)
    repo.write("templates/binder.md", "{{ cover.__class__.__mro__[1].__subclasses__() }}")
    repo.commit("Try to escape the sandbox", author="carol", date="2026-07-11T10:00:00")
    out = tmp_path / "b.md"
    result = run_cli("binder", "--format", "md", "--out", str(out), cwd=repo.root)
    assert result.code == 2
    assert result.stderr.startswith("soc2flow: the binder template binder.md cannot be rendered")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_commit_without_config_is_one_sentence(git_repo: GitRepo, tmp_path: Path) -> None:
    git_repo.write("policies/x.md", "---\nid: POL-X\n---\n")
    git_repo.commit("Only a policy")
    result = run_cli("binder", "--out", str(tmp_path / "b.html"), cwd=git_repo.root)
    assert result.code == 2
    assert "there is no valid soc2flow.yaml at commit" in result.stderr


def test_unknown_rev_is_one_sentence(scenario_repo: Path, tmp_path: Path) -> None:
    result = run_cli(
        "binder", "--rev", "no-such-branch", "--out", str(tmp_path / "b.html"), cwd=scenario_repo
    )
    assert result.code == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_verify_a_file_that_is_not_a_zip(scenario_repo: Path, tmp_path: Path) -> None:
    html = tmp_path / "b.html"
    _binder(scenario_repo, html)
    result = run_cli("verify", str(html), cwd=scenario_repo)
    assert result.code == 2
    assert "is not a readable zip binder" in result.stderr


def test_items_created_after_the_period_are_left_out(scenario_repo: Path, tmp_path: Path) -> None:
    text = _binder(
        scenario_repo, tmp_path / "jan.md", "--format", "md", "--period", "2026-01-01..2026-01-31"
    ).decode()
    assert "### AC-01" in text and "### POL-ACCESS" in text
    assert "VR-01" not in text and "CM-01" not in text


def test_out_that_cannot_be_written_is_one_sentence(scenario_repo: Path, tmp_path: Path) -> None:
    folder = run_cli("binder", "--out", str(tmp_path), cwd=scenario_repo)
    assert folder.code == 2
    assert "is a folder" in folder.stderr
    blocked = tmp_path / "file"
    blocked.write_text("x")
    nested = run_cli("binder", "--out", str(blocked / "b.html"), cwd=scenario_repo)
    assert nested.code == 2
    assert nested.stderr.startswith(f"soc2flow: cannot write {blocked / 'b.html'}")


def test_evidence_changed_after_it_was_recorded_is_flagged(
    scenario_repo: Path, tmp_path: Path
) -> None:
    repo = _copy(scenario_repo, tmp_path)
    repo.write("evidence/AC-01/2026-03-28/users.csv", "user,decision\nbob,keep\n")
    repo.commit("Tidy the export", author="bob", date="2026-07-11T10:00:00")
    text = _binder(repo.root, tmp_path / "b.md", "--format", "md").decode()
    assert "users.csv (review-export) HASH DIFFERS FROM THE RECORD" in text
    row = "| evidence-mismatch | AC-01 | evidence/AC-01/2026-03-28/users.csv does not match its record | alice |"
    assert row in text


def test_hostile_records_never_break_the_binder(scenario_repo: Path, tmp_path: Path) -> None:
    repo = _copy(scenario_repo, tmp_path)
    repo.write(
        "evidence/AC-01/2026-04-02/record.yaml",
        "control: AC-01\nperformed: 2026-04-02\nperformed_by: bob\nresult: pass\nfiles:\n"
        "  - {path: ../../../soc2flow.yaml, evidence: review-export, sha256: " + "a" * 64 + "}\n"
        "  - {path: link.csv, evidence: review-export, sha256: " + "b" * 64 + "}\n",
    )
    (repo.root / "evidence/AC-01/2026-04-02/link.csv").symlink_to("/etc/passwd")
    repo.write("evidence/NOPE-1/2026-04-02/record.yaml", "control: NOPE-1\nperformed: 2026-04-02\n")
    repo.write("controls/BROKEN.yaml", "id: [not, an, id]\n")
    repo.commit("Hostile files", author="bob", date="2026-07-11T10:00:00")
    out = tmp_path / "b.zip"
    result = run_cli("binder", "--format", "zip", "--out", str(out), cwd=repo.root)
    assert result.code == 0, result.stderr
    assert "file(s) at that commit have problems" in result.stderr
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        text = archive.read("binder.md").decode()
    assert "evidence/AC-01/2026-04-02/link.csv" not in names  # a symlink is never followed
    assert all(not n.startswith(("/", "..")) and "/../" not in n for n in names)
    assert "link.csv (review-export) MISSING AT THE COMMIT" in text
    assert "2026-04-02/../../../soc2flow.yaml (review-export) MISSING AT THE COMMIT" in text
    manifest = text[text.index("## Manifest (appendix)") :]
    assert "link.csv" not in manifest and "../" not in manifest
    assert "/etc/passwd" not in text and "root:" not in text
