"""Per-person controls: one execution owed per joiner and per leaver (SPEC §7.4)."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from soc2flow.schedule.items import DueItem, DueReport
from soc2flow.usecases.due import run_due
from tests.conftest import GitRepo, run_cli

CONFIG = """\
organization: Example Corp
timezone: UTC
audit:
  period: {start: 2026-01-01, end: 2026-12-31}
people:
  - {id: alice, name: Alice Ng, email: alice@example.com}
  - {id: bob, name: Bob Stone, email: bob@example.com, manager: alice}
  - {id: carol, name: Carol Diaz, email: carol@example.com, joined: 2025-11-03}
  - {id: erin, name: Erin Park, email: erin@example.com, joined: 2026-02-02}
  - {id: frank, name: Frank Ode, email: frank@example.com, joined: 2026-03-16}
  - {id: gus, name: Gus Lamb, email: gus@example.com, joined: 2026-05-04}
profiles:
  high: {approvals: 1, due_soon_days: 3, grace_days: 0, escalate_after_days: 2}
  medium: {approvals: 1, due_soon_days: 10, grace_days: 2, escalate_after_days: 14}
"""
# people.csv: the HR export adds the leavers.
PEOPLE_CSV = """\
id,name,email,joined,left,manager
hana,Hana Sato,hana@example.com,2024-05-01,2025-12-19,
ivan,Ivan Roth,ivan@example.com,2023-02-01,2026-02-27,alice
jo,Jo Quill,jo@example.com,2022-07-11,2026-03-13,
kim,Kim Vale,kim@example.com,2021-01-04,2026-04-17,
lee,Lee Wong,lee@example.com,2020-01-06,2026-06-30,
"""
OFFBOARD = """\
id: AC-02
title: Revoke access within one day of termination
owner: bob
criticality: high
cadence: {per: leaver, within: P1D}
escalation: [alice]
evidence:
  - {id: ticket, description: the offboarding ticket}
"""
ONBOARD = """\
id: HR-01
title: Background check and training within five days of joining
owner: alice
criticality: medium
cadence: {per: joiner, within: P5D}
"""


def record(subject: str, performed: str, result: str = "pass") -> str:
    files = f"files: [{{path: t.txt, evidence: ticket, sha256: {TICKET_SHA}}}]\n"
    return (
        f"control: AC-02\nperformed: {performed}\nperformed_by: bob\nresult: {result}\n"
        f"subject: {subject}\n{files}"
    )


TICKET = "offboarding ticket\n"
TICKET_SHA = hashlib.sha256(TICKET.encode()).hexdigest()


@pytest.fixture
def program(git_repo: GitRepo) -> GitRepo:
    git_repo.write("soc2flow.yaml", CONFIG)
    git_repo.write("people.csv", PEOPLE_CSV)
    git_repo.write("controls/AC-02.yaml", OFFBOARD)
    git_repo.write("controls/HR-01.yaml", ONBOARD)
    git_repo.commit("Start the program", date="2026-01-02T09:00:00")
    records = {
        # ivan: answered on time (left Feb 27, due Feb 28).
        "evidence/AC-02/2026-02-28-ivan": record("ivan", "2026-02-28"),
        # jo: answered late (left Mar 13, due Mar 14).
        "evidence/AC-02/2026-03-20-jo": record("jo", "2026-03-20"),
        # kim: one failed attempt, no passing one.
        "evidence/AC-02/2026-04-18-kim": record("kim", "2026-04-18", "fail"),
    }
    for folder, text in records.items():
        git_repo.write(f"{folder}/record.yaml", text)
        git_repo.write(f"{folder}/t.txt", TICKET)
    # erin's onboarding: one record for her; frank and gus have none.
    git_repo.write(
        "evidence/HR-01/2026-02-05-erin/record.yaml",
        "control: HR-01\nperformed: 2026-02-05\nperformed_by: alice\nresult: pass\n"
        "subject: [erin]\n",
    )
    git_repo.commit("Record offboarding and onboarding", date="2026-04-20T09:00:00")
    return git_repo


Row = tuple[str, str, str | None, str, str, int, str, tuple[str, ...], str | None]


def rows(report: DueReport) -> list[Row]:
    return [
        (
            i.id,
            i.kind,
            i.period,
            i.due.isoformat(),
            i.status,
            i.days,
            i.owner,
            i.escalate_to,
            i.last.isoformat() if i.last else None,
        )
        for i in rows_of(report)
    ]


def test_joiners_and_leavers_owed_per_person(program: GitRepo) -> None:
    report = run_due(program.root, "HEAD", lambda tz: date(2026, 5, 8)).report
    assert rows(report) == [
        # frank joined Mar 16: due Mar 16 + 5 days + 2 grace.
        ("HR-01", "control-execution", "joiner:frank", "2026-03-23", "overdue", -46, "alice", (), None),
        # kim left Apr 17: due Apr 18 (high: no grace); the failed attempt opens remediation.
        ("AC-02", "control-execution", "leaver:kim", "2026-04-18", "overdue", -20, "bob", ("alice",), None),
        ("AC-02", "remediation", "leaver:kim", "2026-04-18", "overdue", -20, "bob", ("alice",), None),
        # gus joined May 4: due May 11, within the medium profile's 10 due-soon days.
        ("HR-01", "control-execution", "joiner:gus", "2026-05-11", "due-soon", 3, "alice", (), None),
    ]  # fmt: skip
    # Not owed: carol joined before the audit period, hana left before it, lee leaves
    # after as-of, ivan and jo are answered (jo late), erin is answered.


def test_as_of_bounds_the_population(program: GitRepo) -> None:
    report = run_due(program.root, "HEAD", lambda tz: date(2026, 4, 16)).report
    assert [(i.id, i.kind, i.period) for i in rows_of(report)] == [
        ("HR-01", "control-execution", "joiner:frank"),
    ]
    later = run_due(program.root, "HEAD", lambda tz: date(2026, 7, 1)).report
    periods = [i.period for i in rows_of(later) if i.kind == "control-execution"]
    assert "leaver:lee" in periods  # left Jun 30, on or before as-of


def rows_of(report: DueReport) -> list[DueItem]:
    """The per-person items (the controls' own approvals are pending: not this test's topic)."""
    return [i for i in report.items if i.kind != "approval-pending"]


def test_due_json_and_ics_carry_the_person(program: GitRepo) -> None:
    result = run_cli("due", "--as-of", "2026-05-08", "--format", "ics", cwd=program.root)
    assert result.code == 0, result.stderr
    assert result.stdout.count("BEGIN:VTODO") >= 4
    uids = [line for line in result.stdout.splitlines() if line.startswith("UID:")]
    assert len(set(uids)) == len(uids)


def test_subject_on_a_calendar_control_is_reported(program: GitRepo) -> None:
    program.write(
        "controls/AC-01.yaml",
        "id: AC-01\ntitle: Access review\nowner: bob\ncadence: quarterly\n",
    )
    program.write(
        "evidence/AC-01/2026-03-30/record.yaml",
        "control: AC-01\nperformed: 2026-03-30\nperformed_by: bob\nresult: pass\nsubject: ivan\n",
    )
    program.write(
        "evidence/AC-02/2026-05-01-zed/record.yaml",
        "control: AC-02\nperformed: 2026-05-01\nperformed_by: bob\nresult: pass\nsubject: [zed]\n",
    )
    result = run_cli("validate", "--as-of", "2026-05-08", "--format", "json", cwd=program.root)
    found = {(f["path"], f["rule"]) for f in json.loads(result.stdout)["findings"]}
    assert ("evidence/AC-01/2026-03-30/record.yaml", "subject-unexpected") in found
    assert ("evidence/AC-02/2026-05-01-zed/record.yaml", "subject-unexpected") in found


def test_binder_lists_the_population_and_the_answering_records(
    program: GitRepo, tmp_path: Path
) -> None:
    out = tmp_path / "binder.md"
    result = run_cli("binder", "--format", "md", "--out", str(out), cwd=program.root)
    assert result.code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    section = text.split("### AC-02")[1].split("\n### ")[0]
    assert "Population: each leaver in the period and the record that answers them" in section
    rows = [line for line in section.splitlines() if line.startswith("| leaver:")]
    # The binder is judged at the source commit (2026-04-20): lee has not left yet.
    assert [row.split(" | ")[:3] for row in rows] == [
        ["| leaver:ivan", "2026-02-28", "on time"],
        ["| leaver:jo", "2026-03-14", "late"],
        ["| leaver:kim", "2026-04-18", "missed"],
    ]
    assert "evidence/AC-02/2026-02-28-ivan/record.yaml" in rows[0]
    assert "did not count: 2026-04-18 by bob, fail" in rows[2]
    joiners = text.split("### HR-01")[1].split("\n### ")[0]
    assert [r.split(" | ")[0] for r in joiners.splitlines() if r.startswith("| joiner:")] == [
        "| joiner:erin",
        "| joiner:frank",
    ]
