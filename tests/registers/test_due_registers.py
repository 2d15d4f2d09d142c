"""vendor-review, vendor-report and risk-review with exact due dates (SPEC §7.3)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from soc2flow.schedule.items import DueReport
from soc2flow.usecases.due import run_due
from tests.conftest import GitRepo, run_cli

REGISTER_KINDS = ("vendor-review", "vendor-report", "risk-review", "reliance-review")


def due(repo: GitRepo, as_of: date) -> DueReport:
    return run_due(repo.root, "HEAD", lambda tz: as_of, use_cache=False).report


def rows(
    report: DueReport,
) -> list[tuple[str, str, str, str, int, str | None, tuple[str, ...]]]:
    return [
        (
            i.id,
            i.kind,
            i.due.isoformat(),
            i.status,
            i.days,
            i.last.isoformat() if i.last else None,
            i.escalate_to,
        )
        for i in report.items
        if i.kind in REGISTER_KINDS
    ]


def test_register_obligations_mid_june(registers: GitRepo) -> None:
    assert rows(due(registers, date(2026, 6, 15))) == [
        # inclusive vendor with no report: owed from the audit period's start, no grace
        ("VEN-DESK", "vendor-report", "2026-01-01", "overdue", -165, None, ("carol",)),
        # tier 1: coverage ends with the bridge letter (2026-05-31); high escalates after 3 days
        ("VEN-NIMBUS", "vendor-report", "2026-05-31", "overdue", -15, "2026-05-31", ("carol",)),
        # tier 3, quarterly: 2026-02-10 + 3 months + low grace 30
        ("VEN-DESK", "vendor-review", "2026-06-09", "overdue", -6, "2026-02-10", ()),
        # the soc2-type1 report after 2026-08-31 covers nothing
        ("VEN-TWO", "vendor-report", "2026-08-31", "ok", 77, "2026-08-31", ()),
        # a version-1 inherited control keeps its own reliance review
        ("IN-09", "reliance-review", "2027-01-09", "ok", 208, "2026-01-02", ()),
        # never reviewed: first commit 2026-01-05 + 1 year + medium grace 7
        ("VEN-MAIL", "vendor-review", "2027-01-12", "ok", 211, None, ()),
        ("VEN-TWO", "vendor-review", "2027-01-12", "ok", 211, None, ()),
        ("RISK-1", "risk-review", "2027-01-20", "ok", 219, "2026-01-20", ()),
        ("VEN-NIMBUS", "vendor-review", "2027-03-01", "ok", 259, "2026-03-01", ()),
        # the approved change of 2026-05-20 counts as the review
        ("RISK-2", "risk-review", "2027-05-27", "ok", 346, "2026-05-20", ()),
    ]


def test_due_soon_window_follows_the_tier(registers: GitRepo) -> None:
    # 2026-05-20: NIMBUS's report is 11 days away (high: due-soon within 14 days).
    found = {(i.id, i.kind): i for i in due(registers, date(2026, 5, 20)).items}
    assert found["VEN-NIMBUS", "vendor-report"].status == "due-soon"
    assert found["VEN-NIMBUS", "vendor-report"].days == 11
    assert found["VEN-DESK", "vendor-review"].status == "due-soon"  # low: within 30 days


def test_vendor_inheritance_owes_no_reliance_review(registers: GitRepo) -> None:
    kinds = {(i.id, i.kind) for i in due(registers, date(2026, 6, 15)).items}
    assert ("IN-02", "reliance-review") not in kinds
    assert ("VEN-MAIL", "vendor-report") not in kinds  # tier 2, no subservice, no covering report


def test_unapproved_vendors_and_risks_wait_for_the_owners_lead(registers: GitRepo) -> None:
    pending = [
        (i.id, i.due.isoformat(), i.owner)
        for i in due(registers, date(2026, 6, 15)).items
        if i.kind == "approval-pending" and i.id.startswith(("VEN-", "RISK-"))
    ]
    # profiles: tier 1 high (grace 0), tier 2 medium (7), tier 3 low (30); RISK-2 is approved
    assert sorted(pending) == [
        ("RISK-1", "2026-01-05", "carol"),
        ("VEN-DESK", "2026-02-04", "carol"),
        ("VEN-MAIL", "2026-01-12", "carol"),
        ("VEN-NIMBUS", "2026-01-05", "carol"),
        ("VEN-TWO", "2026-01-12", "carol"),
    ]


def test_every_due_format_carries_the_register_kinds(registers: GitRepo) -> None:
    args = ("due", "--as-of", "2026-06-15", "--no-cache", "--kind", "vendor-report")
    data = json.loads(run_cli(*args, "--format", "json", cwd=registers.root).stdout)
    assert [(i["id"], i["due"], i["period"], i["last"]) for i in data["items"]] == [
        ("VEN-DESK", "2026-01-01", None, None),
        ("VEN-NIMBUS", "2026-05-31", None, "2026-05-31"),
        ("VEN-TWO", "2026-08-31", None, "2026-08-31"),
    ]
    table = list(
        csv.reader(io.StringIO(run_cli(*args, "--format", "csv", cwd=registers.root).stdout))
    )
    assert [row[:2] for row in table[1:]] == [
        ["VEN-DESK", "vendor-report"],
        ["VEN-NIMBUS", "vendor-report"],
        ["VEN-TWO", "vendor-report"],
    ]
    ics = run_cli(*args, "--format", "ics", cwd=registers.root).stdout
    assert ics.count("BEGIN:VTODO") == 3 and "DUE;VALUE=DATE:20260531" in ics
    markdown = run_cli(*args, "--format", "markdown", cwd=registers.root).stdout
    assert "VEN-TWO" in markdown and "vendor-report" in markdown
    table_text = run_cli(*args, "--format", "table", cwd=registers.root).stdout
    assert "VEN-NIMBUS" in table_text
    for kind in ("vendor-review", "risk-review"):
        result = run_cli(
            "due", "--as-of", "2026-06-15", "--kind", kind, "--format", "json", cwd=registers.root
        )
        assert {i["kind"] for i in json.loads(result.stdout)["items"]} == {kind}
