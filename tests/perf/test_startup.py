"""`soc2flow --help` and `--version` start fast: no heavy module is imported for them.

A behaviour test, not a timing test: it reads what `python -X importtime` says was
imported and fails if a module that only a command needs was imported eagerly. Rich is
allowed only as far as typer itself imports it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SRC

HEAVY = ("pydantic", "pydantic_core", "jinja2", "git", "markdown_it", "yaml", "dateutil", "rich")


def imported_modules(*args: str, cwd: Path) -> set[str]:
    """Modules a fresh interpreter imports for ``python -X importtime ARGS``."""
    env = {**os.environ, "PYTHONPATH": str(SRC), "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return {
        line.rsplit("|", 1)[1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def heavy(names: set[str]) -> set[str]:
    return {n for n in names if n.split(".")[0] in HEAVY}


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_startup_imports_nothing_heavy(flag: str, tmp_path: Path) -> None:
    names = imported_modules("-m", "soc2flow", flag, cwd=tmp_path)
    assert "soc2flow.cli.app" in names
    allowed = heavy(imported_modules("-c", "import typer", cwd=tmp_path))
    assert sorted(heavy(names) - allowed) == []


def test_the_probe_sees_a_heavy_import(tmp_path: Path) -> None:
    """The check above can fail: an eager import of the models shows up as pydantic."""
    names = imported_modules("-c", "import soc2flow.models", cwd=tmp_path)
    assert "pydantic" in heavy(names)
