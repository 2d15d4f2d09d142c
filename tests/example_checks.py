"""Reading an example repository back through soc2flow and git (the example tests share it)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import run_cli
from tests.terminal import run_on_terminal, visible


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True
    ).stdout


def history_rules() -> set[str]:
    from soc2flow.rules import all_rules

    return {r.id for r in all_rules().values() if r.needs_history}


def newest_version(root: Path, item: str) -> dict[str, object]:
    """The newest version of ``item`` in ``soc2flow history ITEM --format json``."""
    result = run_cli("history", item, "--format", "json", cwd=root)
    versions = json.loads(result.stdout)["versions"]
    assert isinstance(versions, list) and versions
    found = versions[0]
    assert isinstance(found, dict)
    return found


def due_on_terminal(root: Path, as_of: str, columns: int = 100) -> tuple[int, list[str]]:
    """``soc2flow due --as-of AS_OF`` on a pseudo-terminal: exit code and visible lines."""
    code, raw = run_on_terminal("due", "--as-of", as_of, cwd=root, columns=columns)
    return code, visible(raw).splitlines()


def history_findings(report: dict[str, Any]) -> set[tuple[str, str]]:
    """(path, rule) of each history finding in a ``validate --format json`` report."""
    rules = history_rules()
    return {(f["path"], f["rule"]) for f in report["findings"] if f["rule"] in rules}


def assert_due_fits_one_screen(root: Path, as_of: str, stories: tuple[str, ...]) -> None:
    """``due`` on a 100-column terminal: summary first, at most 60 lines, each of the
    example's ``stories`` (the problems it is meant to show) there, no pending approval."""
    code, lines = due_on_terminal(root, as_of)
    assert code == 0
    assert lines[0].startswith(f"What is due as of {as_of}: ")
    assert len(lines) <= 60, "\n".join(lines)
    text = "\n".join(lines)
    for story in stories:
        assert story in text
    assert "approval-pending" not in text
