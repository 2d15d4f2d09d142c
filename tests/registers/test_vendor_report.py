"""``soc2flow vendor report``: files a provider's report with its hash, never overwrites."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from soc2flow.workflow.vendor_report import append_report
from tests.conftest import run_cli

CONFIG = """\
organization: Vendors Corp
people:
  - {id: alice, name: Alice Ng}
"""

VENDOR = """\
# The hosting provider (contract MSA-7)
id: VEN-HOST
name: Host Inc.
owner: alice
tier: 1
subservice: carve-out
reports:
  - type: soc2-type2  # last year's
    period: {start: 2025-01-01, end: 2025-12-31}
# CUECs follow
cuecs: []
x-contract: MSA-7
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "vendors").mkdir(parents=True)
    (root / "soc2flow.yaml").write_text(CONFIG)
    (root / "vendors/VEN-HOST.yaml").write_text(VENDOR)
    return root


def file_report(root: Path, *extra: str) -> tuple[int, str, str]:
    report = root.parent / "host-2026.pdf"
    if not report.exists():
        report.write_bytes(b"%PDF host 2026")
    result = run_cli(
        "vendor", "report", "VEN-HOST", str(report), "--repo", str(root),
        "--type", "soc2-type2", "--period", "2026-01-01..2026-12-31", *extra, cwd=root,
    )  # fmt: skip
    return result.code, result.stdout, result.stderr


def test_files_the_report_and_keeps_every_other_line(repo: Path) -> None:
    bridge = repo.parent / "bridge.pdf"
    bridge.write_bytes(b"bridge")
    code, out, err = file_report(
        repo, "--opinion", "qualified", "--exceptions", "2",
        "--bridge-to", "2027-03-31", "--bridge-file", str(bridge),
    )  # fmt: skip
    assert code == 0, err
    digest = hashlib.sha256(b"%PDF host 2026").hexdigest()
    target = "evidence/vendors/ven-host-soc2-type2-2026-12-31.pdf"
    letter = "evidence/vendors/ven-host-soc2-type2-2026-12-31-bridge.pdf"
    assert out.splitlines()[0] == f"{target} sha256 {digest}"
    assert (repo / target).read_bytes() == b"%PDF host 2026"
    assert (repo / letter).read_bytes() == b"bridge"
    text = (repo / "vendors/VEN-HOST.yaml").read_text()
    assert text == VENDOR.replace(
        "# CUECs follow\n",
        "  - type: soc2-type2\n"
        "    period: {start: 2026-01-01, end: 2026-12-31}\n"
        "    opinion: qualified\n"
        "    exceptions: 2\n"
        f"    file: {target}\n"
        f"    sha256: {digest}\n"
        "    bridge_letter: {covers_to: 2027-03-31, file: "
        f"{letter}, sha256: {hashlib.sha256(b'bridge').hexdigest()}}}\n"
        "# CUECs follow\n",
    )
    result = run_cli("validate", "--repo", str(repo), "--as-of", "2026-06-01", cwd=repo)
    assert result.code == 0, result.stdout + result.stderr
    assert "vendor-opinion" in result.stdout  # qualified, 2 exceptions: a warning


def test_never_overwrites_a_filed_report(repo: Path) -> None:
    assert file_report(repo)[0] == 0
    before = (repo / "vendors/VEN-HOST.yaml").read_text()
    code, _, err = file_report(repo)
    assert code == 2
    assert "already exists; a filed report is never overwritten" in err
    assert (repo / "vendors/VEN-HOST.yaml").read_text() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--type", "soc3"), "--type 'soc3' is not one of"),
        (("--period", "2026-02-30..2026-12-31"), "is not START..END"),
        (("--period", "2026-12-31..2026-01-01"), "ends before it starts"),
        (("--opinion", "great"), "--opinion 'great' is not one of"),
        (("--bridge-to", "soon"), "--bridge-to 'soon' is not a date"),
    ],
)
def test_bad_options_exit_2_and_write_nothing(
    repo: Path, args: tuple[str, ...], message: str
) -> None:
    report = repo.parent / "r.pdf"
    report.write_bytes(b"r")
    base = {"--type": "soc2-type2", "--period": "2026-01-01..2026-12-31"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    flat = [x for pair in base.items() for x in pair]
    result = run_cli("vendor", "report", "VEN-HOST", str(report), *flat, cwd=repo)
    assert result.code == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert not (repo / "evidence").exists()
    assert (repo / "vendors/VEN-HOST.yaml").read_text() == VENDOR


def test_unknown_vendor_and_missing_file(repo: Path) -> None:
    result = run_cli(
        "vendor", "report", "VEN-NOPE", "nothing.pdf", "--type", "soc2-type2",
        "--period", "2026-01-01..2026-12-31", cwd=repo,
    )  # fmt: skip
    assert result.code == 2 and "no valid vendor 'VEN-NOPE'" in result.stderr
    result = run_cli(
        "vendor", "report", "VEN-HOST", "nothing.pdf", "--type", "soc2-type2",
        "--period", "2026-01-01..2026-12-31", cwd=repo,
    )  # fmt: skip
    assert result.code == 2 and "nothing.pdf is not a file" in result.stderr


def test_symlinked_evidence_folder_is_refused(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, repo / "evidence")
    code, _, err = file_report(repo)
    assert code == 2 and "outside the repository" in err
    assert list(outside.iterdir()) == []


def test_append_report_to_missing_or_empty_lists() -> None:
    item = ["type: iso27001", "period: {start: 2026-01-01, end: 2026-12-31}"]
    added = "reports:\n  - type: iso27001\n    period: {start: 2026-01-01, end: 2026-12-31}\n"
    assert append_report("id: VEN-A\nname: A", item) == "id: VEN-A\nname: A\n" + added
    assert append_report("id: VEN-A\nreports: []\nname: A\n", item) == (
        "id: VEN-A\n" + added + "name: A\n"
    )
    indentless = "reports:\n- type: other\n  period: {start: 2025-01-01, end: 2025-02-01}\nx: 1\n"
    assert append_report(indentless, item) == (
        "reports:\n- type: other\n  period: {start: 2025-01-01, end: 2025-02-01}\n"
        "- type: iso27001\n  period: {start: 2026-01-01, end: 2026-12-31}\nx: 1\n"
    )
