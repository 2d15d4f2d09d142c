"""Attacks on "not committed" (SPEC §7.1): a record that exists only on someone's disk must
never read as committed in `due`, `validate` or `show`, however it was made to look so."""

from __future__ import annotations

import json
import time
from typing import Any

from tests.conftest import GitRepo, run_cli
from tests.timeline.scenario import build, record

AS_OF = "2026-12-10"
AUGUST = "evidence/AC-02/2026-08-29/record.yaml"
DECEMBER = "evidence/AC-02/2026-12-01/record.yaml"


def _json(repo: GitRepo, *args: str) -> Any:
    result = run_cli(*args, "--as-of", AS_OF, "--format", "json", cwd=repo.root)
    assert result.code in (0, 1), result.stderr
    return json.loads(result.stdout)


def _flagged(repo: GitRepo) -> set[str]:
    report = _json(repo, "validate")
    return {f["path"] for f in report["findings"] if f["rule"] == "uncommitted-change"}


def _due_table(repo: GitRepo) -> str:
    result = run_cli("due", "--as-of", AS_OF, cwd=repo.root)
    assert result.code == 0, result.stderr
    return result.stdout


def test_a_committed_record_edited_to_a_new_performed_date_is_not_committed(
    git_repo: GitRepo,
) -> None:
    """August's committed record, moved to December in the work tree, answers December
    in `due`; every reader says it is not committed."""
    build(git_repo)
    text = (git_repo.root / AUGUST).read_text(encoding="utf-8")
    git_repo.write(AUGUST, text.replace("2026-08-29", "2026-12-01"))
    table = _due_table(git_repo)
    assert "last 2026-12-01 (not committed)" in table
    assert f"counted here is not committed: {AUGUST}." in table
    assert _flagged(git_repo) == {AUGUST}
    shown = _json(git_repo, "show", "AC-02")
    entry = next(r for r in shown["records"] if r["path"] == AUGUST)
    # Its commit recorded August's content: the December claim has no recorded date.
    assert entry["performed"] == "2026-12-01"
    assert entry["label"] == "not-committed" and entry["recorded"] is None


def test_a_staged_record_is_not_committed(git_repo: GitRepo) -> None:
    build(git_repo)
    git_repo.write(DECEMBER, record("AC-02", "2026-12-01"))
    git_repo.git("add", DECEMBER)
    assert "last 2026-12-01 (not committed)" in _due_table(git_repo)
    assert _flagged(git_repo) == {DECEMBER}


def test_a_record_git_ignores_is_not_committed(git_repo: GitRepo) -> None:
    """git status shows nothing for an ignored file; soc2flow still reads it and labels it."""
    build(git_repo)
    git_repo.write(".gitignore", "evidence/AC-02/2026-12-*/\n")
    git_repo.commit("Ignore scratch folders", author="bob", date="2026-11-21T10:00:00")
    git_repo.write(DECEMBER, record("AC-02", "2026-12-01"))
    assert git_repo.git("status", "--porcelain") == ""
    assert "last 2026-12-01 (not committed)" in _due_table(git_repo)
    assert _flagged(git_repo) == {DECEMBER}


def test_a_deleted_record_written_back_is_not_committed(git_repo: GitRepo) -> None:
    """Its path has a first commit in history, but HEAD does not hold it."""
    build(git_repo)
    text = (git_repo.root / AUGUST).read_text(encoding="utf-8")
    git_repo.git("rm", "-q", AUGUST)
    git_repo.commit("Drop August", author="bob", date="2026-11-22T10:00:00")
    git_repo.write(AUGUST, text)
    assert f"counted here is not committed: {AUGUST}." in _due_table(git_repo)
    assert _flagged(git_repo) == {AUGUST}


def test_the_due_cache_never_serves_a_clean_report_for_an_uncommitted_record(
    git_repo: GitRepo,
) -> None:
    build(git_repo)
    time.sleep(2.1)  # folders changed within two seconds are never cached (RACY_NS)
    assert "not committed" not in _due_table(git_repo)  # computed and cached, clean
    assert "not committed" not in _due_table(git_repo)  # served from the cache
    assert (git_repo.root / ".git" / "soc2flow" / "due-cache.json").exists()
    text = (git_repo.root / AUGUST).read_text(encoding="utf-8")
    git_repo.write(AUGUST, text.replace("2026-08-29", "2026-12-01"))
    assert "last 2026-12-01 (not committed)" in _due_table(git_repo)


def test_a_record_hidden_from_git_status_is_never_cached_as_committed(git_repo: GitRepo) -> None:
    """skip-worktree hides the edit from git status (and so from the cache's own check)."""
    build(git_repo)
    time.sleep(2.1)  # folders changed within two seconds are never cached (RACY_NS)
    git_repo.git("update-index", "--skip-worktree", AUGUST)
    text = (git_repo.root / AUGUST).read_text(encoding="utf-8")
    git_repo.write(AUGUST, text.replace("2026-08-29", "2026-12-01"))
    assert git_repo.git("status", "--porcelain") == ""
    cache = git_repo.root / ".git" / "soc2flow" / "due-cache.json"
    for _ in range(2):  # computed, then (were it cached) served from the cache
        assert "last 2026-12-01 (not committed)" in _due_table(git_repo)
    assert not cache.exists()
    assert _flagged(git_repo) == {AUGUST}


def test_a_control_hidden_from_git_status_is_reported_uncommitted(git_repo: GitRepo) -> None:
    """skip-worktree on a control, then an edit (a slower cadence that owes less): git
    status shows nothing, and validate still says the file is not what HEAD holds."""
    build(git_repo)
    control = "controls/AC-02.yaml"
    git_repo.git("update-index", "--skip-worktree", control)
    text = (git_repo.root / control).read_text(encoding="utf-8")
    git_repo.write(control, text.replace("monthly", "annual"))
    assert git_repo.git("status", "--porcelain") == ""
    assert control in _flagged(git_repo)
