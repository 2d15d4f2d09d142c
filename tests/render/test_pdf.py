"""The PDF binder, where weasyprint (the soc2flow[pdf] extra) is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from soc2flow.render import render_html, render_pdf
from tests.render.sample import sample

weasyprint = pytest.importorskip("weasyprint")


def _html() -> str:
    return render_html(sample("Two accounts revoked (tickets OPS-412)."))


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_pdf(_html(), epoch=0)


def test_pdf_is_a_pdf_with_a_page_per_section(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    count = re.search(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf, re.S)
    pages = int(count.group(1)) if count else len(weasyprint.HTML(string=_html()).render().pages)
    assert pages >= 7  # cover + six sections, each starting on a new page


def test_pdf_is_byte_identical(pdf: bytes) -> None:
    assert render_pdf(_html(), epoch=0) == pdf


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
def test_pdf_text(pdf: bytes, tmp_path: Path) -> None:
    (tmp_path / "b.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "b.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for expected in (
        "Audit period 2026-01-01 to 2026-12-31",
        "Criteria matrix",
        "POL-ACCESS",
        "OPS-412",
        "Manifest",
    ):
        assert expected in text
