"""The binder's Vendors and Risk register sections, and the vendors' files in the zip."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from tests.conftest import GitRepo, run_cli
from tests.registers.scenario import sha


@pytest.fixture(scope="module")
def markdown(registers: GitRepo, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("binder") / "binder.md"
    result = run_cli("binder", "--format", "md", "--out", str(out), cwd=registers.root)
    assert result.code == 0, result.stderr
    return out.read_text(encoding="utf-8")


def section(text: str, title: str) -> str:
    start = text.index(f"## {title}")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def vendor(text: str, vid: str) -> str:
    part = section(text, "7. Vendors")
    start = part.index(f"### {vid} ")
    end = part.find("\n### ", start + 1)
    return part[start : end if end > 0 else None]


def test_days_not_covered_up_to_the_source_commit(markdown: str) -> None:
    # The binder's as-of is its source commit's date, 2026-05-20.
    assert "not covered: 0\n" in vendor(markdown, "VEN-NIMBUS")  # bridge letter to 05-31
    # iso27001 for 2025, soc2-type2 from 2026-03-01: January and February are not covered
    assert "up to 2026-05-20 not covered: 59 (DEVIATION)" in vendor(markdown, "VEN-TWO")
    # inclusive vendor with no report: 2026-01-01..2026-05-20 is 140 days
    assert "not covered: 140 (DEVIATION)" in vendor(markdown, "VEN-DESK")
    assert "no report required (subservice none, tier 2)" in vendor(markdown, "VEN-MAIL")


def test_vendor_shows_newest_report_bridge_review_and_cuecs(markdown: str) -> None:
    nimbus = vendor(markdown, "VEN-NIMBUS")
    assert "Tier: 1 (high); subservice method: carve-out" in nimbus
    assert "soc2-type2, 2025-04-01 to 2026-03-31, opinion unqualified, 0 exception(s)" in nimbus
    assert "covers to 2026-05-31" in nimbus
    assert "last reviewed 2026-03-01; next due 2027-03-01" in nimbus
    assert "named staff. → AC-01" in nimbus
    assert "API keys. → NO CONTROL ANSWERS IT" in nimbus
    assert "Inherited controls: IN-02" in nimbus
    two = vendor(markdown, "VEN-TWO")
    # the report with the latest period end is the one shown and judged: the soc2-type1
    # (which covers nothing) hides the qualified soc2-type2 before it, as SPEC §7.3 says
    assert "Newest report: soc2-type1, 2026-09-01 to 2026-12-31" in two
    assert "Note" not in two


def test_inherited_controls_resolve_through_the_vendor(markdown: str) -> None:
    inherited = section(markdown, "Inherited controls")
    block = inherited[inherited.index("### IN-02") :]
    assert "Provider: Nimbus Cloud Inc.; method: carve-out" in block
    assert "evidence/vendors/nimbus-soc2.pdf" in block


def test_risk_register_flags_a_missed_mitigating_control(markdown: str) -> None:
    risks = section(markdown, "8. Risk register")
    one = risks[risks.index("### RISK-1") : risks.index("### RISK-2")]
    two = risks[risks.index("### RISK-2") :]
    assert "**Flagged:** a mitigating control missed a period" in one
    assert "Controls: AC-01 (1 missed · 3 upcoming)" in one
    assert "Flagged" not in two
    assert "Controls: AC-02 (1 on time · 3 upcoming)" in two  # Q1 complete, Q2 open at 2026-05-20
    assert "residual: 3 × 4 = 12 (above the risk appetite)" in two
    # grid rows by likelihood 5..1: inherent RISK-1 at (3, 4), residual RISK-1 at (2, 3)
    grid = dict(re.findall(r"^\| (\d) \|(.*)$", risks, re.MULTILINE))
    assert "12 I: RISK-1" in grid["3"] and "6 R: RISK-1" in grid["2"]
    assert "16 I: RISK-2" in grid["4"] and "12 I: RISK-1 R: RISK-2" in grid["3"]
    cover = markdown[: markdown.index("## 1.")]
    assert "| risk-control-missed: a mitigating control missed a period (AC-01) | RISK-1 |" in cover
    assert "| vendor-coverage-gap: 59 days of the period" in cover


def test_zip_carries_the_vendor_files_with_their_hashes(registers: GitRepo, tmp_path: Path) -> None:
    out = tmp_path / "binder.zip"
    result = run_cli("binder", "--format", "zip", "--out", str(out), cwd=registers.root)
    assert result.code == 0, result.stderr
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        report = archive.read("evidence/vendors/nimbus-soc2.pdf")
    hashes = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert hashes["evidence/vendors/nimbus-soc2.pdf"] == sha(report) == sha(b"%PDF nimbus report")
    assert hashes["evidence/vendors/nimbus-bridge.pdf"] == sha(b"%PDF nimbus bridge")
    assert run_cli("verify", str(out), cwd=registers.root).code == 0
