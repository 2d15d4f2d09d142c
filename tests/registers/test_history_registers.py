"""Vendors and risks are versioned items: history, show, approvals, CODEOWNERS."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import GitRepo, run_cli


def test_history_of_a_risk_counts_the_leads_approval(registers: GitRepo) -> None:
    result = run_cli("history", "RISK-2", "--format", "json", cwd=registers.root)
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["path"] == "risks/RISK-2.yaml"
    newest, first = data["versions"]
    assert newest["approved"] is True
    assert [a["who"] for a in newest["approvals"]] == ["carol"]
    assert first["approved"] is False and "insufficient-approvals" in first["findings"]


def test_show_gives_a_vendor_the_profile_of_its_tier(registers: GitRepo) -> None:
    result = run_cli("show", "VEN-NIMBUS", "--format", "json", cwd=registers.root)
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "vendor"
    assert data["title"] == "Nimbus Cloud Inc."
    assert data["profile"] == {"name": "high", "approvals": 2}
    assert data["approvers"] == ["carol"]  # no approvers: the lead of the owner's team
    assert data["links"]["controls"] == ["AC-01", "IN-02"]  # CUEC answer and inheritance
    desk = json.loads(run_cli("show", "VEN-DESK", "--format", "json", cwd=registers.root).stdout)
    assert desk["profile"] == {"name": "low", "approvals": 1}


def test_show_links_a_risk_and_its_controls(registers: GitRepo) -> None:
    risk = json.loads(run_cli("show", "RISK-1", "--format", "json", cwd=registers.root).stdout)
    assert risk["kind"] == "risk"
    assert risk["links"]["controls"] == ["AC-01"]
    control = json.loads(run_cli("show", "AC-01", "--format", "json", cwd=registers.root).stdout)
    assert control["links"]["risks"] == ["RISK-1"]


def test_unknown_id_names_the_registers(registers: GitRepo) -> None:
    result = run_cli("history", "VEN-NOPE", cwd=registers.root)
    assert result.code == 2
    assert "vendor or risk" in result.stderr and "Traceback" not in result.stderr


def test_codeowners_lists_vendors_and_risks(registers: GitRepo, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(registers.root, copy)
    result = run_cli("codeowners", cwd=copy)
    assert result.code == 0, result.stderr
    text = (copy / ".github/CODEOWNERS").read_text()
    assert "/vendors/VEN-NIMBUS.yaml @alice-ng @carol-d" in text
    assert "/risks/RISK-1.yaml @alice-ng @carol-d" in text


def test_coverage_lists_the_risks_of_each_criterion(registers: GitRepo) -> None:
    args = ("coverage", "--as-of", "2026-06-15", "--no-cache")
    result = run_cli(*args, "--format", "json", cwd=registers.root)
    assert result.code == 0, result.stderr
    rows = {c["id"]: c for c in json.loads(result.stdout)["criteria"]}
    assert rows["CC3.2"]["risks"] == ["RISK-1", "RISK-2"]
    assert rows["CC9.2"]["risks"] == ["RISK-2"]
    assert rows["CC6.1"]["risks"] == []
    assert rows["CC3.2"]["status"] == "gap"  # a risk names a criterion; it does not operate it
    assert "2 named by risks" in result.stderr
    table = run_cli(*args, "--format", "csv", cwd=registers.root).stdout
    assert "CC3.2," in table and ",RISK-1 RISK-2\n" in table
