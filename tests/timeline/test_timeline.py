"""SPEC §7.1-§7.3 on a real git repository: effective dates, recorded dates and labels,
period and criterion statuses, the Deviations section, scope and the system description."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import GitRepo, run_cli
from tests.timeline.scenario import CONFIG, build


def _json(repo: GitRepo, *args: str) -> Any:
    result = run_cli(*args, "--format", "json", cwd=repo.root)
    assert result.code in (0, 1), result.stderr
    return json.loads(result.stdout)


def _binder(repo: GitRepo, tmp_path: Path) -> str:
    out = tmp_path / "binder.md"
    result = run_cli("binder", "--format", "md", "--out", str(out), cwd=repo.root)
    assert result.code == 0, result.stderr
    return out.read_text(encoding="utf-8")


def test_periods_start_at_effective_else_the_first_commit(git_repo: GitRepo) -> None:
    build(git_repo)
    ac01 = _json(git_repo, "show", "AC-01", "--as-of", "2026-11-20")["status"]
    # effective 2025-06-01: every quarter of 2026 is owed, not only those after 2026-08-03.
    assert ac01["counts"] == {"on-time": 1, "late": 1, "partial": 1, "upcoming": 1}
    assert ac01["text"] == "1 on time · 1 late · 1 partial · 1 upcoming"
    ac02 = _json(git_repo, "show", "AC-02", "--as-of", "2026-11-20")["status"]
    # No effective: from the month of its first commit (2026-08); the record performed
    # after as-of (2026-11-25) counts for nothing.
    assert ac02["counts"] == {"on-time": 1, "missed": 2, "upcoming": 2}


def test_recorded_dates_and_labels(git_repo: GitRepo) -> None:
    build(git_repo)
    records = {
        r["performed"]: r
        for r in _json(git_repo, "show", "AC-01", "--as-of", "2026-11-20")["records"]
    }
    first = git_repo.git("rev-list", "--max-parents=0", "HEAD").strip()
    assert records["2026-03-20"]["recorded"] == {
        "commit": first,
        "date": "2026-08-03",
        "lag_days": 136,
    }
    assert records["2026-03-20"]["label"] == "migrated"  # performed before adopted
    assert records["2026-07-09"]["label"] == "migrated"
    assert records["2026-09-25"]["recorded"]["lag_days"] == 25
    assert records["2026-09-25"]["label"] == "recorded-late"  # medium allows 14 days


def test_not_committed_record_is_labelled(git_repo: GitRepo) -> None:
    build(git_repo)
    git_repo.write(
        "evidence/AC-01/2026-11-19/record.yaml",
        "control: AC-01\nperformed: 2026-11-19\nperformed_by: bob\nresult: pass\n",
    )
    records = _json(git_repo, "show", "AC-01", "--as-of", "2026-11-20")["records"]
    new = next(r for r in records if r["performed"] == "2026-11-19")
    assert new["recorded"] is None and new["label"] == "not-committed"


def test_validate_reports_late_and_future_records(git_repo: GitRepo) -> None:
    build(git_repo)
    report = _json(git_repo, "validate", "--as-of", "2026-11-30")
    found = {(f["rule"], f["path"], f["severity"]) for f in report["findings"]}
    timeline = {f for f in found if f[0].startswith("evidence-")}
    assert timeline == {
        ("evidence-recorded-late", "evidence/AC-01/2026-09-25/record.yaml", "warning"),
        ("evidence-recorded-late", "evidence/AC-02/2026-08-29/record.yaml", "warning"),
        ("evidence-performed-future", "evidence/AC-02/2026-11-25/record.yaml", "error"),
    }


def test_record_within_days_and_no_adopted(git_repo: GitRepo) -> None:
    config = CONFIG.replace("adopted: 2026-08-01\n", "") + (
        "profiles:\n  medium: {approvals: 1, record_within_days: 30}\n"
    )
    build(git_repo, config)
    report = _json(git_repo, "validate", "--as-of", "2026-11-30")
    late = sorted(f["path"] for f in report["findings"] if f["rule"] == "evidence-recorded-late")
    # Without adopted every record is judged; 30 days forgive the records of AC-01 that
    # took 25 days (2026-07-09 -> 2026-08-03, 2026-09-25 -> 2026-10-20).
    assert late == [
        "evidence/AC-01/2026-03-20/record.yaml",  # 136 days
        "evidence/AC-02/2026-08-29/record.yaml",  # 52 days
    ]


def test_coverage_criterion_statuses_and_scope(git_repo: GitRepo) -> None:
    build(git_repo)
    data = _json(git_repo, "coverage", "--as-of", "2026-11-20")
    rows = {c["id"]: c for c in data["criteria"]}
    assert rows["CC6.1"]["status"] == "late"  # worst of AC-01: late beats partial
    assert rows["CC6.2"]["status"] == "missed"
    assert rows["CC8.1"]["status"] == "not-yet-due"  # on-change, no population
    assert rows["CC8.1"]["controls"][0]["status"] == "0 recorded · no population"
    assert rows["CC1.1"]["status"] == "gap"
    assert rows["A1.1"]["status"] == "out-of-scope"
    assert rows["PI1.1"]["status"] == "out-of-scope"
    assert "A1.1" not in data["gaps"] and "CC1.1" in data["gaps"]
    assert data["summary"]["out-of-scope"] == 28  # A 3 + C 2 + PI 5 + P 18


def test_validate_warns_scope_missing(git_repo: GitRepo) -> None:
    config = CONFIG.replace("scope:\n  categories: [security]\n  system: system.md\n", "")
    build(git_repo, config)
    report = _json(git_repo, "validate", "--as-of", "2026-11-30")
    assert ("scope-missing", "soc2flow.yaml") in {
        (f["rule"], f["path"]) for f in report["findings"]
    }
    rows = {c["id"]: c for c in _json(git_repo, "coverage", "--as-of", "2026-11-20")["criteria"]}
    assert rows["PI1.1"]["status"] == "gap"  # with no scope every category is in scope


def test_binder_shows_the_timeline(git_repo: GitRepo, tmp_path: Path) -> None:
    build(git_repo)
    text = _binder(git_repo, tmp_path)
    # Cover: periods of AC-01 and AC-02 as of the source commit (2026-11-20).
    assert "| 2 | 1 | 1 | 2 | 3 |" in text
    assert "became the system of record on 2026-08-01" in text
    # Control register: performed, recorded (commit, date, lag) and label of every record.
    first = git_repo.git("rev-list", "--max-parents=0", "HEAD").strip()
    assert (
        f"| 2026-Q1 | 2026-04-07 | on time | 2026-03-20 by bob, pass; recorded 2026-08-03 in "
        f"{first[:12]} (136 days after); MIGRATED: evidence/AC-01/2026-03-20/record.yaml"
    ) in text
    assert "| 2026-Q2 | 2026-07-07 | late | 2026-07-09 by bob, pass;" in text
    assert "| 2026-Q3 | 2026-10-07 | partial | 2026-09-25 by bob, partial;" in text
    assert "(25 days after); RECORDED LATE:" in text
    assert "Status in the period: 1 on time · 1 late · 1 partial · 1 upcoming" in text
    assert "Status in the period: 0 recorded · no population" in text
    # Matrix: criterion statuses; out-of-scope criteria named once, on one line.
    assert (
        "| CC6.1 Logical Access | AC-01 AC-01 control (3) 1 on time · 1 late · 1 partial · 1 upcoming | — | late |"
        in text
    )
    assert text.count("Out of scope: A1.1, A1.2, A1.3, C1.1, C1.2, PI1.1") == 1
    assert "| PI1.1 " not in text
    # System description: the file, its headings below the section's, and what the
    # repository knows (no carve-out, no CUEC here).
    system = text.split("## 2. System description")[1].split("## 3. Criteria matrix")[0]
    assert "From system.md at the source commit." in system
    assert "### Timeline service" in system and "#### Boundaries" in system
    assert "No carve-out subservice organisation." in system


def test_deviations_in_severity_order_with_owners(git_repo: GitRepo, tmp_path: Path) -> None:
    build(git_repo)
    text = _binder(git_repo, tmp_path)
    section = text.split("## 1. Deviations")[1].split("## 2. System description")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "Rule" not in line]
    rules = [row.split(" | ")[0].lstrip("| ") for row in rows]
    assert rules[:2] == ["missed", "missed"]  # AC-02 2026-09 and 2026-10 first
    assert rows[0] == "| missed | AC-02 | 2026-09, due 2026-10-07 | bob | 2026-10-07 |"
    assert "| late | AC-01 | 2026-Q2, due 2026-07-07 | bob | 2026-07-09 |" in rows
    assert "| result-partial | AC-01 | 2026-Q3, due 2026-10-07 | bob | 2026-09-25 |" in rows
    late = [r for r in rows if r.startswith("| evidence-recorded-late")]
    assert [r.split(" | ")[1] for r in late] == ["AC-01", "AC-02"]  # same date: by item
    assert (
        rules.index("late") < rules.index("result-partial") < rules.index("evidence-recorded-late")
    )
    count = len(rows)
    assert f"| {count} |" in text.split("## Needs attention")[0]  # counted on the cover


def test_event_driven_control_counts_records_before_its_file(git_repo: GitRepo) -> None:
    """CM-01's file came with the move into git (2026-08-03); a change reviewed on
    2026-07-15 and recorded later still counts as recorded in the audit period."""
    build(git_repo)
    git_repo.write(
        "evidence/CM-01/2026-07-15/record.yaml",
        "control: CM-01\nperformed: 2026-07-15\nperformed_by: bob\nresult: pass\n",
    )
    git_repo.commit("A change reviewed in July", author="bob", date="2026-11-21T10:00:00")
    status = _json(git_repo, "show", "CM-01", "--as-of", "2026-11-21")["status"]
    assert status == {
        "period": {"start": "2026-01-01", "end": "2026-12-31"},
        "counts": {},
        "text": "1 recorded · no population",
    }
