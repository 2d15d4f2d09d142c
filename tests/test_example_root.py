"""The example at the project root, as a fresh clone sees it after the README's install.

The clone is made from the project's committed history (not the work tree), then the
reviews bundled in examples/northwind-reviews.bundle are fetched, as the README says.
A change to the example's files committed straight to main makes these tests fail: land
it with ``python examples/approve.py`` (docs/example.md).
"""

from __future__ import annotations

import json
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
AS_OF = "2026-12-06"  # the day the example's pending changes were approved
BUNDLE = "examples/northwind-reviews.bundle"
NOTES = "refs/notes/soc2flow:refs/notes/soc2flow"
DELIBERATE = {
    ("evidence/BC-01/2026-11-16/record.yaml", "evidence-recorded-late"),
    ("exceptions/EXC-2026-006.yaml", "unapproved-change"),
}


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if not (ROOT / ".git").exists():
        pytest.skip("the project root is not a git repository (an unpacked source archive)")
    target = tmp_path_factory.mktemp("clone") / "soc2flow"
    git(tmp_path_factory.getbasetemp(), "clone", "-q", str(ROOT), str(target))
    git(target, "fetch", "-q", BUNDLE, NOTES)
    yield target


def test_validate_reports_only_the_deliberate_history_findings(clone: Path) -> None:
    result = run_cli("validate", "--format", "json", cwd=clone)
    report = json.loads(result.stdout)
    history = history_findings(report)
    assert history == DELIBERATE, result.stdout
    assert len(history) <= 5


def test_due_fits_one_screen_of_a_100_column_terminal(clone: Path) -> None:
    stories = ("AC-04: Privileged", "EXC-2026-006", "BC-01 2026-W48", "AM-01 2026-Q1")
    assert_due_fits_one_screen(clone, AS_OF, stories)


def test_every_high_policy_is_approved_by_a_signed_merge_and_a_recorded_review(
    clone: Path,
) -> None:
    repo = load_repository(WorkTree(clone)).repo
    high = [p.model.id for p in repo.policies.values() if p.model.criticality == "high"]
    assert len(high) >= 5
    for policy in high:
        newest = newest_version(clone, policy)
        assert newest["approved"] is True, policy
        approvals = newest["approvals"]
        assert isinstance(approvals, list)
        counted = {a["provenance"] for a in approvals if a["counted"]}
        assert counted == {"signed", "pr-review"}, policy
        assert newest["pr"] is not None


def test_without_the_bundled_reviews_nothing_high_is_approved(clone: Path, tmp_path: Path) -> None:
    bare = tmp_path / "bare"
    git(tmp_path, "clone", "-q", str(clone), str(bare))  # notes are not cloned
    newest = newest_version(bare, "POL-ACCESS")
    assert newest["approved"] is False  # the keys were trusted by reviewed governance only
    report = json.loads(run_cli("validate", "--format", "json", cwd=bare).stdout)
    rules = {f["rule"] for f in report["findings"]}
    assert "governance-unapproved" in rules


def test_the_signing_keys_private_halves_are_not_in_the_project(clone: Path) -> None:
    signers = (clone / ".soc2flow" / "allowed_signers").read_text()
    assert "ssh-ed25519" in signers
    log = git(clone, "log", "--all", "-p", "--format=", "--", ".soc2flow", "examples")
    assert "PRIVATE KEY" not in log


def test_a_change_committed_to_main_lands_approved_by_the_documented_procedure(
    clone: Path, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(clone), str(work))
    git(work, "fetch", "-q", BUNDLE, NOTES)
    control = work / "controls" / "AC-01.yaml"
    text = control.read_text()
    control.write_text(text.replace("title: Quarterly user access review", "title: Access review"))
    identity = ("-c", "user.name=Engineer", "-c", "user.email=engineer@example.com")
    git(work, *identity, "commit", "-qam", "AC-01: a shorter title")
    assert newest_version(work, "AC-01")["approved"] is False
    done = subprocess.run(
        [sys.executable, str(work / "examples" / "approve.py"), "--repo", str(work)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    newest = newest_version(work, "AC-01")
    assert newest["approved"] is True
    approvals = newest["approvals"]
    assert isinstance(approvals, list)
    # no new keys without a governance change: both reviews are recorded ones
    assert [a["provenance"] for a in approvals if a["counted"]] == ["pr-review", "pr-review"]
    report = json.loads(run_cli("validate", "--format", "json", cwd=work).stdout)
    history = history_findings(report)
    assert history == DELIBERATE
    assert BUNDLE in git(work, "status", "--porcelain")  # the reviews to commit beside it
