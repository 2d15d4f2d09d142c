"""``soc2flow coverage`` end to end on the scenario repository."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from soc2flow.catalog import load_catalog
from tests.conftest import run_cli
from tests.terminal import run_on_terminal, visible


def test_json(scenario_repo: Path) -> None:
    result = run_cli("coverage", "--format", "json", "--as-of", "2026-07-10", cwd=scenario_repo)
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    rows = {c["id"]: c for c in data["criteria"]}
    assert data["as_of"] == "2026-07-10"
    assert rows["CC6.1"]["status"] == "missed"  # AC-01 missed 2026-Q2 (due 2026-07-07)
    assert rows["CC6.1"]["controls"][0]["status"] == "1 on time · 1 missed"
    assert rows["CC6.1"]["controls"][0]["counts"] == {"on-time": 1, "missed": 1}
    assert rows["CC6.2"]["status"] == "gap"  # only a policy maps it
    assert rows["CC9.2"]["status"] == "partial"  # VR-01's H1 run was partial: a deviation
    # CM-01 is on-change with no population: one recorded run changes no criterion status.
    assert rows["CC8.1"]["status"] == "not-yet-due"
    assert rows["CC8.1"]["controls"][0]["status"] == "1 recorded · no population"
    assert rows["CC1.1"]["status"] == "gap"
    assert "CC6.2" in data["gaps"] and "CC6.1" not in data["gaps"]
    assert data["summary"] == {
        "criteria": 61, "gap": 58, "missed": 1, "late": 0, "partial": 1, "on-track": 0,
        "not-yet-due": 1, "out-of-scope": 0,
    }  # fmt: skip
    assert "61 criteria: 58 gap, 1 missed, 1 partial, 1 not yet due" in result.stderr


def test_csv_and_table(scenario_repo: Path) -> None:
    out = run_cli("coverage", "--format", "csv", "--as-of", "2026-07-10", cwd=scenario_repo)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert rows[0]["criterion"] == "CC1.1"
    assert {r["control"] for r in rows} == {"", "AC-01", "CM-01", "VR-01"}
    table = run_cli("coverage", "--as-of", "2026-07-10", cwd=scenario_repo)
    assert table.code == 0
    assert "CC9.2" in table.stdout and "VR-01 1 partial 2026-07-08 partial" in table.stdout
    assert "AC-01 1 on time · 1 missed 2026-03-28" in table.stdout


def test_csf_and_bad_framework(scenario_repo: Path) -> None:
    csf = run_cli("coverage", "--framework", "nist-csf-2.0", "--format", "json", cwd=scenario_repo)
    assert csf.code == 0, csf.stderr
    assert json.loads(csf.stdout)["summary"]["on-track"] == 0
    bad = run_cli("coverage", "--framework", "iso-27001", cwd=scenario_repo)
    assert bad.code == 2


@pytest.mark.parametrize("columns", [80, 100])
def test_table_on_a_terminal_fits_and_starts_with_its_summary(
    scenario_repo: Path, columns: int
) -> None:
    code, raw = run_on_terminal(
        "coverage", "--as-of", "2026-07-10", cwd=scenario_repo, columns=columns
    )
    assert code == 0
    lines = [line.rstrip() for line in visible(raw).splitlines()]
    assert " ".join(lines[:2]).startswith("soc2-tsc-2017 as of 2026-07-10: 61 criteria: 58 gap")
    assert all(len(line) <= columns for line in lines), max(lines, key=len)
    assert not any("…" in line for line in lines)
    text = " ".join(" ".join(lines).split())
    # the longest TSC title (51 characters), whole: no title is cut to a fixed width
    header = next(line for line in lines if line.startswith(" criterion"))
    start, end = header.index("title"), header.index("status")
    p66 = next(n for n, line in enumerate(lines) if line.startswith(" P6.6"))
    after = next(n for n in range(p66 + 1, len(lines)) if lines[n][:2].strip())  # next row
    title = " ".join(line[start:end] for line in lines[p66:after])
    assert "Notification of Unauthorized Third Party Disclosure" in " ".join(title.split())
    assert "gap" in text
    criteria = set(load_catalog("soc2-tsc-2017").criteria)
    rows = {line.split()[0] for line in lines if line.strip()} & criteria
    assert rows == criteria  # every criterion, none cropped away


def test_table_wraps_and_never_crops_when_narrow(scenario_repo: Path) -> None:
    """Narrower than the columns' minimums, every column folds: every letter and digit of
    the wide table is still there (Rich would otherwise cut the right edge off)."""

    def letters(width: int) -> tuple[int, int]:
        result = run_cli(
            "coverage", "--as-of", "2026-07-10", cwd=scenario_repo, env={"COLUMNS": str(width)}
        )
        assert result.code == 0, result.stderr
        longest = max(len(line) for line in result.stdout.splitlines())
        return sum(ch.isalnum() for ch in result.stdout), longest

    wide, _ = letters(200)
    for width in (72, 60, 45):
        count, longest = letters(width)
        assert longest <= width and count == wide, width


def test_table_summary_on_stdout_machine_formats_on_stderr(scenario_repo: Path) -> None:
    table = run_cli("coverage", "--as-of", "2026-07-10", cwd=scenario_repo)
    assert table.stdout.startswith("soc2-tsc-2017 as of 2026-07-10: 61 criteria: 58 gap, 1 missed")
    assert table.stderr == ""
    machine = run_cli("coverage", "--format", "json", "--as-of", "2026-07-10", cwd=scenario_repo)
    assert machine.stderr.startswith(
        "soc2flow: soc2-tsc-2017 as of 2026-07-10: 61 criteria: 58 gap"
    )
