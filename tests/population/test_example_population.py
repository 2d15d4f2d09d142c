"""The example's CM-01 population is what ``soc2flow changes`` gives on the code repository
that examples/build_code_repo.py builds (docs/populations.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE, run_cli

RECORD = EXAMPLE / "evidence" / "CM-01" / "2026-11-02-change-population"


def test_the_committed_population_is_reproducible(tmp_path: Path) -> None:
    code = tmp_path / "northwind-pulse"
    built = subprocess.run(
        [sys.executable, str(EXAMPLE / "examples" / "build_code_repo.py"), str(code)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    result = run_cli(
        "changes", "--repo", str(code), "--branch", "main",
        "--period", "2026-10-01..2026-10-31", "--config", str(EXAMPLE / "soc2flow.yaml"),
        "--format", "json", "--sample", "2", "--seed", "2026-10",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.code == 0, result.stderr
    fresh = json.loads(result.stdout)
    committed = json.loads((RECORD / "changes-2026-10.json").read_text(encoding="utf-8"))
    assert fresh.pop("repo") == str(code)
    assert committed.pop("repo") == "/tmp/northwind-pulse"
    assert fresh == committed
    flags = {c["pr"]: c["flags"] for c in fresh["changes"]}
    assert flags == {
        None: ["unreviewed", "direct-push"],
        1549: ["unreviewed", "self-approved"],
        1541: [],
        1533: [],
        1526: [],
    }
    # November's SEV1 hotfix is the emergency change that EXC-2026-006 names.
    november = run_cli(
        "changes", "--repo", str(code), "--period", "2026-11-01..2026-11-30",
        "--config", str(EXAMPLE / "soc2flow.yaml"), "--format", "json", cwd=tmp_path,
    )  # fmt: skip
    [hotfix] = json.loads(november.stdout)["changes"]
    assert hotfix["pr"] == 1602 and hotfix["flags"] == ["unreviewed", "emergency"]
