"""Golden files: the HTML and Markdown binder of the scenario, byte for byte.

Regenerate after an intended change with SOC2FLOW_REGENERATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import os
import re
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


def test_html_is_self_contained_and_printable() -> None:
    html = (GOLDEN / "scenario.html").read_text(encoding="utf-8")
    assert re.findall(r"<(?:link|img|script|iframe|object|embed)\b", html) == []
    assert re.findall(r"<[a-z]+[^>]*\ssrc=", html) == []
    assert "url(" not in html and "@import" not in html
    assert "default-src 'none'" in html  # the Content-Security-Policy forbids scripts and loads
    assert html.count('<section class="part"') == 8  # each section starts on a new page
    assert "page-break-before: always" in html
    anchors = ("#deviations", "#system", "#matrix", "#policies", "#controls", "#exceptions")
    for anchor in (*anchors, "#vendors", "#manifest"):
        assert f'href="{anchor}"' in html
