"""init -> commit -> validate -> due, and the weekly digest workflow's issue logic."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from soc2flow.workflow.scaffold import packaged_file
from tests.conftest import SRC, GitRepo, run_cli


def test_init_commit_validate_due(git_repo: GitRepo) -> None:
    init = run_cli("init", ".", "--org", "Acme Corp", "--force", cwd=git_repo.root)
    assert init.code == 0, init.stderr
    git_repo.commit("Start the compliance repository", date="2026-01-05T10:00:00")
    validate = run_cli("validate", "--format", "json", cwd=git_repo.root)
    assert validate.code == 0, validate.stdout + validate.stderr
    assert json.loads(validate.stdout)["summary"]["errors"] == 0
    due = run_cli("due", "--as-of", "2026-02-10", "--format", "json", cwd=git_repo.root)
    assert due.code == 0, due.stderr
    items = json.loads(due.stdout)["items"]
    by_id = {(i["id"], i["kind"], i["period"]): i for i in items}
    # a monthly control owes January (overdue) and February (current period)
    january = by_id[("OPS-05", "control-execution", "2026-01")]
    assert (january["due"], january["status"]) == ("2026-01-31", "overdue")
    assert ("OPS-05", "control-execution", "2026-02") in by_id
    assert {i["owner"] for i in items} >= {"security-lead", "engineering-lead"}


def _digest_script() -> str:
    workflow = yaml.safe_load(packaged_file(".github/workflows/soc2flow-due.yml"))
    steps = workflow["jobs"]["digest"]["steps"]
    step = next(s for s in steps if s.get("name") == "Open or update one issue per owner")
    return str(step["run"])


GH_STUB = """#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$GH_LOG"
if [ "$1 $2" = "issue list" ]; then
  printf '%s' "$GH_OPEN_ISSUES"
fi
"""


def test_digest_opens_updates_and_closes_one_issue_per_owner(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    if shutil.which("jq") is None:
        pytest.skip("jq is not installed (GitHub's runners have it)")
    assert run_cli("init", ".", "--force", cwd=git_repo.root).code == 0
    git_repo.commit("Start", date="2026-01-05T10:00:00")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(GH_STUB, encoding="utf-8")
    (bin_dir / "soc2flow").write_text(
        f'#!/bin/sh\nPYTHONPATH="{SRC}" exec "{sys.executable}" -m soc2flow "$@"\n',
        encoding="utf-8",
    )
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    open_issues = [
        {"number": 7, "title": "soc2flow: due for ceo"},
        {"number": 9, "title": "soc2flow: due for dave"},
    ]
    log = tmp_path / "gh.log"
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GH_LOG": str(log),
        "GH_OPEN_ISSUES": json.dumps(open_issues),
        "NO_COLOR": "1",
    }
    proc = subprocess.run(
        ["bash", "-e", "-c", _digest_script()],
        cwd=git_repo.root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    owners = sorted(
        {i["owner"] for i in json.loads((git_repo.root / "due.json").read_text())["items"]}
    )
    calls = log.read_text(encoding="utf-8").splitlines()
    assert calls[0].startswith("label create soc2flow-due")
    assert calls[1].startswith("issue list --state open --label soc2flow-due")
    writes = [c for c in calls if c.startswith(("issue edit", "issue create"))]
    expected = [
        "issue edit 7 --body-file body.md"
        if owner == "ceo"
        else f"issue create --title soc2flow: due for {owner} --label soc2flow-due --body-file body.md"
        for owner in owners
    ]
    assert writes == expected
    assert [c for c in calls if c.startswith("issue close")] == [
        "issue close 9 --comment Nothing is due for dave any more."
    ]
    assert "# What is due" in (git_repo.root / "body.md").read_text(encoding="utf-8")
