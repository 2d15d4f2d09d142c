"""The example program's history, built by examples/build.py from the files at the root.

The build runs the real script into a temporary folder: PR merges, signed merges with
throwaway keys, reviews recorded by ``soc2flow approvals record``, trailers, records
committed by their performers. These tests read it back only through soc2flow and git.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from soc2flow.loading import WorkTree, load_repository
from tests.conftest import run_cli
from tests.example_checks import (
    assert_due_fits_one_screen,
    git,
    history_findings,
    newest_version,
)

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-26"
# The history findings the example keeps on purpose (docs/example.md lists each).
DELIBERATE = {("exceptions/EXC-2026-006.yaml", "unapproved-change")}


def build(target: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, str(ROOT / "examples" / "build.py"), str(target), *extra],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    target = tmp_path_factory.mktemp("example") / "northwind"
    done = build(target)
    assert done.returncode == 0, done.stderr
    yield target


def test_validate_reports_only_the_deliberate_history_findings(built: Path) -> None:
    result = run_cli("validate", "--as-of", AS_OF, "--format", "json", cwd=built)
    report = json.loads(result.stdout)
    assert report["summary"]["errors"] == 0, result.stdout
    history = history_findings(report)
    assert history == DELIBERATE
    assert len(history) <= 5


def test_due_fits_one_screen_of_a_100_column_terminal(built: Path) -> None:
    stories = ("AC-04: Privileged", "EXC-2026-006", "BC-01 2026-W48")
    assert_due_fits_one_screen(built, AS_OF, stories)


def test_every_high_policy_newest_version_is_approved_by_signed_and_recorded_reviews(
    built: Path,
) -> None:
    repo = load_repository(WorkTree(built)).repo
    high = [p.model.id for p in repo.policies.values() if p.model.criticality == "high"]
    assert high
    for policy in high:
        newest = newest_version(built, policy)
        assert newest["approved"] is True, policy
        approvals = newest["approvals"]
        assert isinstance(approvals, list)
        assert {a["provenance"] for a in approvals} == {"signed", "pr-review"}, policy
        assert newest["pr"] is not None


def test_medium_and_low_items_show_trailers_and_records_need_no_pr(built: Path) -> None:
    repo = load_repository(WorkTree(built)).repo
    lower = [c.model.id for c in repo.controls.values() if c.model.criticality != "high"]
    provenances = {a["provenance"] for c in lower for a in newest_version(built, c)["approvals"]}  # type: ignore[attr-defined]
    assert "trailer" in provenances


def test_signed_merges_verify_against_the_examples_allowed_signers(built: Path) -> None:
    signers = built / ".soc2flow" / "allowed_signers"
    keys = [line for line in signers.read_text().splitlines() if "ssh-ed25519" in line]
    assert keys
    log = git(
        built,
        "-c",
        f"gpg.ssh.allowedSignersFile={signers}",
        "log",
        "--first-parent",
        "--format=%G? %s",
    )
    good = [line for line in log.splitlines() if line.startswith("G Merge pull request #")]
    assert good
    assert not any(line.startswith(("B ", "E ")) for line in log.splitlines())


def test_no_private_key_is_kept(built: Path) -> None:
    every = git(built, "log", "--all", "-p", "--format=")
    assert "PRIVATE KEY" not in every
    for path in built.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            assert b"PRIVATE KEY" not in path.read_bytes(), path


def test_records_are_committed_by_their_performers_on_the_day(built: Path) -> None:
    repo = load_repository(WorkTree(built)).repo
    assert repo.config is not None
    names = {p.id: p.name for p in repo.config.model.people}
    performers = {
        f"{r.model.control}: execution of {r.model.performed}": names[r.model.performed_by]
        for r in repo.records
    }
    log = git(built, "log", "--first-parent", "--format=%an|%ad|%s", "--date=short")
    records = [line.split("|") for line in log.splitlines() if ": execution of " in line]
    assert len(records) >= 20
    for author, day, subject in records:
        assert subject.endswith(day), subject  # committed on the day it was performed
        assert author == performers[subject], subject


def test_builder_refuses_a_folder_it_did_not_build(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "keep.txt").write_text("mine\\n")
    done = build(tmp_path / "mine")
    assert done.returncode != 0 and "was not built by this script" in done.stderr
    assert (tmp_path / "mine" / "keep.txt").read_text() == "mine\\n"


def test_builder_reads_new_items_and_runs_again(tmp_path: Path, built: Path) -> None:
    """Whatever is at the root lands approved: a new policy in a new build over an old one."""
    source = tmp_path / "source"
    shutil.copytree(built, source, ignore=shutil.ignore_patterns(".git"))
    text = (source / "policies" / "data-classification.md").read_text()
    text = text.replace("id: POL-DATA", "id: POL-PRIVACY").replace("reviewed:", "reviewed:", 1)
    (source / "policies" / "privacy.md").write_text(text)
    target = tmp_path / "again"
    first = build(target, "--source", str(source))
    assert first.returncode == 0, first.stderr
    second = build(target, "--source", str(source))
    assert second.returncode == 0, second.stderr
    assert newest_version(target, "POL-PRIVACY")["approved"] is True
