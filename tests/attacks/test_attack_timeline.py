"""Attacks on the audit timeline (SPEC §7.1-§7.3): each tries to make a period, a record or
a criterion look better than the repository proves, and shows that it is caught."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import GitRepo, run_cli
from tests.timeline.scenario import CONFIG, build, record


def _json(repo: GitRepo, *args: str) -> Any:
    result = run_cli(*args, "--format", "json", cwd=repo.root)
    assert result.code in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_backdated_performed_date_is_exposed_by_the_recorded_date(git_repo: GitRepo) -> None:
    """`performed: 2026-10-05` written six weeks later makes October on time, but says so."""
    build(git_repo)
    git_repo.write("evidence/AC-02/2026-10-05/record.yaml", record("AC-02", "2026-10-05"))
    git_repo.commit("October check", author="bob", date="2026-11-21T10:00:00")
    shown = _json(git_repo, "show", "AC-02", "--as-of", "2026-11-21")
    entry = next(r for r in shown["records"] if r["performed"] == "2026-10-05")
    assert entry["label"] == "recorded-late" and entry["recorded"]["lag_days"] == 47
    report = _json(git_repo, "validate", "--as-of", "2026-11-30")
    late = {f["path"] for f in report["findings"] if f["rule"] == "evidence-recorded-late"}
    assert "evidence/AC-02/2026-10-05/record.yaml" in late


def test_record_dated_after_its_commit_counts_for_nothing(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    """A record committed 2026-11-20 claiming 2026-11-25 is an error and satisfies no period."""
    build(git_repo)
    report = _json(git_repo, "validate", "--as-of", "2026-11-30")
    assert report["summary"]["errors"] >= 1
    out = tmp_path / "b.md"
    assert run_cli("binder", "--format", "md", "--out", str(out), cwd=git_repo.root).code == 0
    text = out.read_text(encoding="utf-8")
    # AC-02's November stays owed; the record is shown beside it as evidence invalid
    assert "| 2026-11 | 2026-12-07 | upcoming | —; did not count (evidence invalid: " in text


def test_partial_result_is_never_on_track(git_repo: GitRepo) -> None:
    build(git_repo)
    git_repo.write(
        "controls/AC-01.yaml",
        "id: AC-01\ntitle: t\nowner: bob\ncadence: annual\ncriteria: [CC7.1]\n"
        "effective: 2025-06-01\n",
    )
    git_repo.git("rm", "-q", "-r", "evidence/AC-01")
    git_repo.write(
        "evidence/AC-01/2026-11-02/record.yaml", record("AC-01", "2026-11-02", "partial")
    )
    git_repo.commit("Annual review, partly done", author="bob", date="2026-11-21T10:00:00")
    rows = {c["id"]: c for c in _json(git_repo, "coverage", "--as-of", "2026-11-21")["criteria"]}
    assert rows["CC7.1"]["status"] == "partial"
    assert rows["CC7.1"]["controls"][0]["counts"] == {"partial": 1}


def test_one_event_driven_record_does_not_complete_a_criterion(git_repo: GitRepo) -> None:
    build(git_repo)
    git_repo.write("evidence/CM-01/2026-11-20/record.yaml", record("CM-01", "2026-11-20"))
    git_repo.commit("A reviewed change", author="bob", date="2026-11-21T10:00:00")
    rows = {c["id"]: c for c in _json(git_repo, "coverage", "--as-of", "2026-11-21")["criteria"]}
    assert rows["CC8.1"]["status"] == "not-yet-due"
    assert rows["CC8.1"]["controls"][0]["status"] == "1 recorded · no population"


def test_scope_cannot_drop_security(git_repo: GitRepo) -> None:
    build(git_repo, CONFIG.replace("categories: [security]", "categories: [privacy]"))
    rows = {c["id"]: c for c in _json(git_repo, "coverage", "--as-of", "2026-11-20")["criteria"]}
    assert rows["CC1.1"]["status"] == "gap"  # security is always in scope
    assert rows["P1.1"]["status"] == "gap"
    assert rows["PI1.1"]["status"] == "out-of-scope"


def test_system_description_cannot_inject_markup(git_repo: GitRepo, tmp_path: Path) -> None:
    build(git_repo)
    git_repo.write(
        "system.md", "# System\n\n<script>alert(1)</script>\n\n[x](javascript:alert(2))\n"
    )
    git_repo.commit("Edit the system description", author="bob", date="2026-11-21T10:00:00")
    out = tmp_path / "b.html"
    assert run_cli("binder", "--format", "html", "--out", str(out), cwd=git_repo.root).code == 0
    html = out.read_text(encoding="utf-8")
    section = html.split('id="system"')[1].split("</section>")[0]
    assert "<script>" not in section and "&lt;script&gt;" in section
    assert 'href="javascript:' not in section


def test_missing_system_file_is_an_error(git_repo: GitRepo) -> None:
    build(git_repo)
    git_repo.git("rm", "-q", "system.md")
    git_repo.commit("Lose the system description", author="bob", date="2026-11-21T10:00:00")
    report = _json(git_repo, "validate", "--as-of", "2026-11-30")
    found = [f for f in report["findings"] if f["rule"] == "system-missing"]
    assert [(f["path"], f["severity"]) for f in found] == [("soc2flow.yaml", "error")]
