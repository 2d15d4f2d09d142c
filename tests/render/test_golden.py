"""Golden files: the HTML and Markdown binder of the scenario, byte for byte.

Regenerate after an intended change with SOC2FLOW_REGENERATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import run_cli

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_binder_matches_golden(scenario_repo: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"binder.{fmt}"
    result = run_cli("binder", "--format", fmt, "--out", str(out), cwd=scenario_repo)
    assert result.code == 0, result.stderr
    produced = out.read_text(encoding="utf-8")
    golden = GOLDEN / f"scenario.{fmt}"
    if os.environ.get("SOC2FLOW_REGENERATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")
