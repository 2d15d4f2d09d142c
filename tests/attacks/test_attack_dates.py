"""Dates are claims: a monotone clock on the first-parent line, future dates refused,
dates read in the organisation's time zone."""

from __future__ import annotations

import json
import os
import subprocess

from tests.attacks.evidence_repo import CONFIG, CONTROL, build, findings, owed
from tests.conftest import GitRepo, run_cli

POLICY = "---\nid: POL-ACCESS\ntitle: Access\nowner: alice\nreview: annual\nreviewed: {day}\n---\n# Access\n"


def _commit_at(repo: GitRepo, message: str, stamp: str) -> None:
    """Commit with an exact committer date and zone, e.g. 2026-03-31T23:30:00-10:00."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Alice Ng",
        "GIT_AUTHOR_EMAIL": "alice@example.com",
        "GIT_COMMITTER_NAME": "Alice Ng",
        "GIT_COMMITTER_EMAIL": "alice@example.com",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", *args], cwd=repo.root, env=env, check=True, capture_output=True)


def test_a_commit_dated_in_the_future_is_an_error_and_its_review_counts_for_nothing(
    git_repo: GitRepo,
) -> None:
    build(git_repo)
    git_repo.write("policies/access.md", POLICY.replace("reviewed: {day}\n", ""))
    git_repo.commit("Access policy", date="2026-03-22T11:00:00")
    git_repo.write("policies/access.md", POLICY.format(day="2031-01-01"))
    git_repo.commit("Review the access policy", date="2031-01-01T10:00:00")
    result = run_cli("validate", "--format", "json", "--as-of", "2026-05-15", cwd=git_repo.root)
    found = {(f["rule"], f["severity"]) for f in json.loads(result.stdout)["findings"]}
    assert ("commit-date-suspect", "error") in found
    assert ("date-in-future", "error") in found
    reviews = [i for i in owed(git_repo, "2027-04-15") if i[1] == "policy-review"]
    assert reviews and reviews[0][3] == "overdue"  # not "ok until 2032"
    due = run_cli("due", "--as-of", "2026-05-15", cwd=git_repo.root)
    assert "error commit-date-suspect: commit" in due.stderr


def test_a_commit_dated_before_its_parent_cannot_hide_a_backdated_review(
    git_repo: GitRepo,
) -> None:
    build(git_repo)
    git_repo.write("README.md", "x\n")
    git_repo.commit("Later work", date="2026-06-01T10:00:00")
    git_repo.write("policies/access.md", POLICY.format(day="2026-03-01"))
    git_repo.commit("Review the access policy", date="2026-03-02T10:00:00")  # before its parent
    found = findings(git_repo, "2026-06-05")
    assert ("commit-date-suspect", "policies/access.md") in found
    assert ("backdated-review", "policies/access.md") in found


def test_a_control_added_by_a_commit_dated_2030_still_owes_now(git_repo: GitRepo) -> None:
    git_repo.write("soc2flow.yaml", CONFIG)
    git_repo.commit("Start the program", date="2026-01-05T10:00:00")
    git_repo.write("controls/AC-01.yaml", CONTROL)
    git_repo.commit("Add the access review", date="2030-01-01T10:00:00")
    executions = [i for i in owed(git_repo) if i[1] == "control-execution"]
    assert executions == [("AC-01", "control-execution", "2026-Q2", "ok")]
    assert ("commit-date-suspect", "controls/AC-01.yaml") in findings(git_repo)


def test_commit_dates_are_read_in_the_organisations_time_zone(git_repo: GitRepo) -> None:
    git_repo.write("soc2flow.yaml", CONFIG)  # timezone: UTC
    git_repo.commit("Start the program", date="2026-01-05T10:00:00")
    git_repo.write("controls/AC-01.yaml", CONTROL)
    _commit_at(git_repo, "Add the access review", "2026-03-31T23:30:00-10:00")  # 1 April UTC
    periods = {i[2] for i in owed(git_repo) if i[1] == "control-execution"}
    assert periods == {"2026-Q2"}  # added in Q2 in UTC: Q1 is not owed


def test_history_shows_dates_in_the_organisations_time_zone(git_repo: GitRepo) -> None:
    git_repo.write("soc2flow.yaml", CONFIG)  # timezone: UTC
    git_repo.write("controls/AC-01.yaml", CONTROL)
    _commit_at(git_repo, "Add the access review", "2026-03-31T23:30:00-10:00")
    result = run_cli("history", "AC-01", "--format", "json", cwd=git_repo.root)
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["versions"][0]["date"] == "2026-04-01"
