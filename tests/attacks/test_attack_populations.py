"""Attempts to answer a per-person control with evidence that proves nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from soc2flow.usecases.due import run_due
from tests.conftest import GitRepo, run_cli
from tests.population.test_joiners_leavers import OFFBOARD, program, rows_of

__all__ = ["program"]


def _owed(repo: GitRepo, as_of: date) -> list[tuple[str, str | None]]:
    report = run_due(repo.root, "HEAD", lambda tz: as_of).report
    return [(i.kind, i.period) for i in rows_of(report) if i.id == "AC-02"]


def test_a_tampered_offboarding_ticket_answers_no_leaver(program: GitRepo, tmp_path: Path) -> None:
    assert ("control-execution", "leaver:ivan") not in _owed(program, date(2026, 5, 8))
    program.write("evidence/AC-02/2026-02-28-ivan/t.txt", "a different ticket\n")
    program.commit("Replace the ticket", date="2026-04-21T09:00:00")
    assert ("control-execution", "leaver:ivan") in _owed(program, date(2026, 5, 8))
    out = tmp_path / "binder.md"
    result = run_cli("binder", "--format", "md", "--out", str(out), cwd=program.root)
    assert result.code == 0, result.stderr
    section = out.read_text(encoding="utf-8").split("### AC-02")[1].split("\n### ")[0]
    [ivan] = [line for line in section.splitlines() if line.startswith("| leaver:ivan")]
    assert ivan.split(" | ")[2] == "missed"
    assert "evidence-hash-mismatch" in ivan


def test_effective_starts_the_population_later_than_the_audit_period(program: GitRepo) -> None:
    # kim left 2026-04-17 with only a failed attempt: owed while the control is effective.
    assert ("control-execution", "leaver:kim") in _owed(program, date(2026, 5, 8))
    program.write("controls/AC-02.yaml", OFFBOARD + "effective: 2026-04-18\n")
    program.commit("AC-02 in force from 2026-04-18", date="2026-04-22T09:00:00")
    assert ("control-execution", "leaver:kim") not in _owed(program, date(2026, 5, 8))
