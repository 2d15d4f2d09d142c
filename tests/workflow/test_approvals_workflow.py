"""The merge workflow's script, run for real: a clone, a local 'origin' standing in for
GitHub (git's url.insteadOf), a gh stub serving the API's JSON, real soc2flow."""

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
from tests.conftest import SRC, GitRepo

GH_STUB = """#!{python}
import json, os, subprocess, sys
args = sys.argv[1:]
with open(os.environ["GH_LOG"], "a") as log:
    log.write(" ".join(args) + "\\n")
path = next(a for a in args[1:] if a.startswith("repos/"))
body = json.dumps(json.loads(os.environ["GH_API"])[path])
if "--jq" in args:
    jq = args[args.index("--jq") + 1]
    body = subprocess.run(["jq", "-c", jq], input=body, text=True, capture_output=True,
                          check=True).stdout
sys.stdout.write(body)
"""


def _script() -> str:
    workflow = yaml.safe_load(packaged_file(".github/workflows/soc2flow-approvals.yml"))
    step = next(
        s for s in workflow["jobs"]["record"]["steps"] if "run" in s and "gh api" in s["run"]
    )
    return str(step["run"])


def _merged_pull_request(origin: GitRepo) -> tuple[str, str]:
    origin.write(
        "soc2flow.yaml",
        "organization: Acme\npeople:\n  - {id: carol, name: Carol, github: carol-d}\n",
    )
    origin.commit("Start")
    origin.git("checkout", "-q", "-b", "feature")
    origin.write("notes.md", "change\n")
    head = origin.commit("Change", author="bob", date="2026-01-06T10:00:00")
    origin.git("checkout", "-q", "main")
    origin.git("merge", "-q", "--no-ff", "-m", "Merge pull request #12 from acme/feature", "feature",
               date="2026-01-07T10:00:00")  # fmt: skip
    return origin.git("rev-parse", "HEAD").strip(), head


@pytest.mark.parametrize("signed", [False, True])
def test_merge_records_reviews_and_pushes_the_notes(
    git_repo: GitRepo, tmp_path: Path, signed: bool
) -> None:
    if shutil.which("jq") is None:
        pytest.skip("jq is not installed (GitHub's runners have it)")
    merge, head = _merged_pull_request(git_repo)
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(git_repo.root), str(remote)], check=True)
    work = tmp_path / "work"
    subprocess.run(["git", "clone", "-q", str(remote), str(work)], check=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(GH_STUB.format(python=sys.executable), encoding="utf-8")
    (bin_dir / "soc2flow").write_text(
        f'#!/bin/sh\nPYTHONPATH="{SRC}" exec "{sys.executable}" -m soc2flow "$@"\n',
        encoding="utf-8",
    )
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    api = {
        f"repos/acme/repo/commits/{merge}/pulls": [
            {"number": 11, "merge_commit_sha": "0" * 40, "head": {"sha": "1" * 40}},
            {"number": 12, "merge_commit_sha": merge, "head": {"sha": head}},
        ],
        "repos/acme/repo/pulls/12/reviews": [
            {"id": 5, "user": {"login": "carol-d"}, "state": "APPROVED",
             "submitted_at": "2026-01-06T12:00:00Z", "commit_id": head},
        ],
    }  # fmt: skip
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GH_LOG": str(tmp_path / "gh.log"),
        "GH_API": json.dumps(api),
        "GH_TOKEN": "token",
        "REPO": "acme/repo",
        "SHA": merge,
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{remote}.insteadOf",
        "GIT_CONFIG_VALUE_0": "https://x-access-token:token@github.com/acme/repo.git",
        "RUNNER_TEMP": str(tmp_path),
    }
    fingerprint = ""
    if signed:  # the SOC2FLOW_RECORDER_KEY secret is set
        key = tmp_path / "recorder"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
        env["RECORDER_KEY"] = key.read_text()
        listing = subprocess.run(
            ["ssh-keygen", "-lf", str(key.with_suffix(".pub"))],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        fingerprint = listing.split()[1]
    proc = subprocess.run(
        ["bash", "-e", "-c", _script()],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "recorded 1 approval(s) of PR #12" in proc.stdout
    note = subprocess.run(
        ["git", "--git-dir", str(remote), "notes", "--ref", "soc2flow", "show", merge],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    recorded = json.loads(note.strip().splitlines()[-1])
    assert recorded["pr"] == 12
    assert recorded["head"] == head
    assert [a["login"] for a in recorded["approvals"]] == ["carol-d"]
    signature = subprocess.run(
        ["git", "--git-dir", str(remote), "-c", f"gpg.ssh.allowedSignersFile={os.devnull}",
         "log", "-1", "--format=%G? %GF", "refs/notes/soc2flow"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert signature == (["U", fingerprint] if signed else ["N"])
    assert not (tmp_path / "soc2flow-recorder-key").exists()


@pytest.mark.parametrize("workflow", ["soc2flow-pr.yml", "soc2flow-due.yml"])
def test_ci_fetches_recorded_approvals(workflow: str, git_repo: GitRepo, tmp_path: Path) -> None:
    """actions/checkout does not fetch refs/notes/*; the workflows fetch soc2flow's notes."""
    data = yaml.safe_load(packaged_file(f".github/workflows/{workflow}"))
    steps = next(iter(data["jobs"].values()))["steps"]
    script = next(s["run"] for s in steps if s.get("name", "").startswith("Fetch recorded"))
    git_repo.write("a.txt", "1\n")
    commit = git_repo.commit("one")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(git_repo.root), str(remote)], check=True)
    work = tmp_path / "work"
    subprocess.run(["git", "clone", "-q", str(remote), str(work)], check=True)
    env = {
        **os.environ,
        "GH_TOKEN": "token",
        "REPO": "acme/repo",
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{remote}.insteadOf",
        "GIT_CONFIG_VALUE_0": "https://x-access-token:token@github.com/acme/repo.git",
    }

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "-e", "-c", script], cwd=work, env=env, capture_output=True, text=True
        )

    none_yet = run()
    assert none_yet.returncode == 0, none_yet.stderr
    assert "No approvals recorded yet" in none_yet.stdout
    git_repo.git("notes", "--ref", "soc2flow", "add", "-m", '{"pr": 1}', commit)
    git_repo.git("push", "-q", str(remote), "refs/notes/soc2flow")
    fetched = run()
    assert fetched.returncode == 0, fetched.stderr
    note = subprocess.run(
        ["git", "notes", "--ref", "soc2flow", "show", commit],
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert note.stdout.strip() == '{"pr": 1}'
    env["GIT_CONFIG_KEY_0"] = f"url.{tmp_path / 'missing.git'}.insteadOf"
    broken = run()
    assert broken.returncode not in (0, 2), "an unreachable remote fails the step"
