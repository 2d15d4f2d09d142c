"""``soc2flow coverage`` end to end on the scenario repository."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.conftest import run_cli


def test_json(scenario_repo: Path) -> None:
    result = run_cli("coverage", "--format", "json", "--as-of", "2026-07-10", cwd=scenario_repo)
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    rows = {c["id"]: c for c in data["criteria"]}
    assert data["as_of"] == "2026-07-10"
    assert rows["CC6.1"]["status"] == "at-risk"  # AC-01 missed 2026-Q2: overdue
    assert rows["CC6.1"]["controls"][0]["status"] == "overdue"
    assert rows["CC6.2"]["status"] == "policy-only"
    assert rows["CC9.2"]["status"] == "covered"
    assert rows["CC8.1"]["status"] == "at-risk"  # CM-01's only execution failed
    assert rows["CC1.1"]["status"] == "gap"
    assert "CC6.2" in data["gaps"] and "CC6.1" not in data["gaps"]
    assert "1 of 61 criteria covered" in result.stderr


def test_csv_and_table(scenario_repo: Path) -> None:
    out = run_cli("coverage", "--format", "csv", "--as-of", "2026-07-10", cwd=scenario_repo)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert rows[0]["criterion"] == "CC1.1"
    assert {r["control"] for r in rows} == {"", "AC-01", "CM-01", "VR-01"}
    table = run_cli("coverage", "--as-of", "2026-07-10", cwd=scenario_repo)
    assert table.code == 0
    assert "CC9.2" in table.stdout and "VR-01 operating 2026-07-08 partial" in table.stdout
    assert "AC-01 overdue 2026-03-28" in table.stdout


def test_csf_and_bad_framework(scenario_repo: Path) -> None:
    csf = run_cli("coverage", "--framework", "nist-csf-2.0", "--format", "json", cwd=scenario_repo)
    assert csf.code == 0, csf.stderr
    assert json.loads(csf.stdout)["summary"]["covered"] == 0
    bad = run_cli("coverage", "--framework", "iso-27001", cwd=scenario_repo)
    assert bad.code == 2
