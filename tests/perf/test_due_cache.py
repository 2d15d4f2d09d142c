"""The due cache serves exactly what a fresh computation would, and only then.

Real repositories made with the git CLI, and the real entry point. To see *where* an
answer came from, tests mark the cached report (every title gets a prefix, with a valid
checksum): an answer that shows the mark was served from the cache, one that does not
was computed. Folders are aged an hour first: the cache refuses folders that changed in
the last two seconds before they were listed, which a test's fresh files always are.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GitRepo, run_cli
from tests.schedule import scenario

MARK = "CACHED "
AS_OF = "2026-07-10"


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    scenario.build(git_repo)
    age(git_repo.root)
    return git_repo


def age(root: Path) -> None:
    """Set the input folders' (and soc2flow.yaml's) mtimes an hour back."""
    old = time.time() - 3600
    os.utime(root / "soc2flow.yaml", (old, old))
    for top in ("policies", "controls", "evidence", "exceptions"):
        for dirpath, _, _ in os.walk(root / top):
            os.utime(dirpath, (old, old))


def due(repo: GitRepo, *args: str) -> str:
    result = run_cli("due", "--as-of", AS_OF, "--format", "json", *args, cwd=repo.root)
    assert result.code == 0, result.stderr
    return result.stdout


def cache_file(repo: GitRepo) -> Path:
    return repo.root / ".git" / "soc2flow" / "due-cache.json"


def mark(repo: GitRepo) -> None:
    """Prefix every cached title, keeping the checksum valid."""
    path = cache_file(repo)
    first, _, body = path.read_bytes().partition(b"\n")
    header: dict[str, Any] = json.loads(first)
    data = json.loads(body)
    for row in data["items"]:
        row[2] = MARK + row[2]
    new_body = json.dumps(data).encode("utf-8")
    header["sha256"] = hashlib.sha256(new_body).hexdigest()
    path.write_bytes(json.dumps(header).encode("utf-8") + b"\n" + new_body)


def cached_then_marked(repo: GitRepo) -> str:
    """Run once to fill the cache, mark it, and return the fresh answer."""
    fresh = due(repo)
    assert cache_file(repo).is_file()
    mark(repo)
    return fresh


def test_a_second_run_is_served_from_the_cache_and_equals_a_fresh_one(repo: GitRepo) -> None:
    fresh = due(repo, "--no-cache")
    assert not cache_file(repo).exists()  # --no-cache writes nothing
    assert due(repo) == fresh
    mark(repo)
    served = due(repo)
    assert MARK in served
    assert served.replace(MARK, "") == fresh
    assert MARK not in due(repo, "--no-cache")  # and reads nothing


def test_every_format_and_filter_is_the_same_from_the_cache(repo: GitRepo) -> None:
    due(repo)  # fills the cache
    assert cache_file(repo).is_file()
    for args in (
        ("--format", "table"),
        ("--format", "csv"),
        ("--format", "ics"),
        ("--format", "markdown"),
        ("--owner", "security", "--format", "json"),
        ("--kind", "control-execution", "--within", "30d", "--format", "json"),
    ):
        base = ("due", "--as-of", AS_OF, *args)
        served = run_cli(*base, cwd=repo.root)
        fresh = run_cli(*base, "--no-cache", cwd=repo.root)
        assert (served.code, served.stdout, served.stderr) == (
            fresh.code,
            fresh.stdout,
            fresh.stderr,
        ), args


def test_an_edited_tracked_file_is_read_again(repo: GitRepo) -> None:
    cached_then_marked(repo)
    path = repo.root / "controls" / "AC-01.yaml"
    path.write_text(path.read_text().replace("cadence: quarterly", "cadence: monthly"))
    served = due(repo)
    assert MARK not in served
    assert served == due(repo, "--no-cache")
    assert '"period": "2026-06"' in served  # monthly now


@pytest.mark.parametrize("flag", ["--skip-worktree", "--assume-unchanged"])
def test_a_file_hidden_from_git_status_is_read_again(repo: GitRepo, flag: str) -> None:
    """The attack: mark a control so git status stops looking at it, then edit it. The
    cache must not serve the report it holds, nor cache one while the mark stays."""
    cached_then_marked(repo)
    repo.git("update-index", flag, "controls/AC-01.yaml")
    path = repo.root / "controls" / "AC-01.yaml"
    path.write_text(path.read_text().replace("cadence: quarterly", "cadence: monthly"))
    assert repo.git("status", "--porcelain") == ""
    served = due(repo)
    assert MARK not in served and '"period": "2026-06"' in served
    mark(repo)  # had the fresh report been cached, the next run would show the mark
    assert MARK not in due(repo)


def test_a_staged_change_is_read_again(repo: GitRepo) -> None:
    cached_then_marked(repo)
    path = repo.root / "controls" / "AC-01.yaml"
    path.write_text(path.read_text().replace("cadence: quarterly", "cadence: monthly"))
    repo.git("add", "controls/AC-01.yaml")
    assert MARK not in due(repo)


def test_a_new_untracked_file_is_read(repo: GitRepo) -> None:
    cached_then_marked(repo)
    new = scenario.AC04.replace("AC-04", "AC-09")
    repo.write("controls/AC-09.yaml", new)
    served = due(repo)
    assert MARK not in served
    assert '"id": "AC-09"' in served


def test_a_new_ignored_file_is_read(repo: GitRepo) -> None:
    repo.write(".gitignore", "controls/local-*.yaml\n")
    repo.commit("Ignore local drafts", date="2026-06-01T10:00:00")
    age(repo.root)
    cached_then_marked(repo)
    repo.write("controls/local-AC-09.yaml", scenario.AC04.replace("AC-04", "AC-09"))
    served = due(repo)
    assert MARK not in served
    assert '"id": "AC-09"' in served
    # git cannot vouch for an ignored input file, so that state is never cached
    age(repo.root)
    mark_before = cache_file(repo).read_bytes()
    due(repo)
    assert cache_file(repo).read_bytes() == mark_before


def test_a_removed_file_is_noticed(repo: GitRepo) -> None:
    cached_then_marked(repo)
    (repo.root / "controls" / "AC-04.yaml").unlink()
    served = due(repo)
    assert MARK not in served
    assert '"id": "AC-04"' not in served


def test_a_new_commit_an_amend_and_a_new_note_miss(repo: GitRepo) -> None:
    cached_then_marked(repo)
    repo.git("commit", "-q", "--amend", "-m", "Reworded", date="2026-06-02T10:00:00")
    assert MARK not in due(repo)  # amended: a new head
    mark(repo)
    repo.git("commit", "-q", "--allow-empty", "-m", "Empty", date="2026-06-03T10:00:00")
    assert MARK not in due(repo)
    mark(repo)
    head = repo.git("rev-parse", "HEAD").strip()
    repo.git("notes", "--ref=soc2flow", "add", "-m", "{}", head)
    assert MARK not in due(repo)


def test_another_as_of_date_is_computed(repo: GitRepo) -> None:
    cached_then_marked(repo)
    result = run_cli("due", "--as-of", "2026-07-11", "--format", "json", cwd=repo.root)
    assert MARK not in result.stdout
    assert '"as_of": "2026-07-11"' in result.stdout


def test_folders_changed_just_before_the_run_are_not_cached(git_repo: GitRepo) -> None:
    scenario.build(git_repo)  # not aged: the folders changed a moment ago
    os.utime(git_repo.root / "controls")  # a moment ago even on a slow, busy machine
    due(git_repo)
    assert not cache_file(git_repo).exists()


@pytest.mark.parametrize("damage", ["truncate", "garbage", "checksum"])
def test_a_damaged_cache_is_ignored(repo: GitRepo, damage: str) -> None:
    fresh = due(repo)
    path = cache_file(repo)
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        path.write_bytes(b"\x00\xffnot json")
    else:
        path.write_bytes(data.replace(b'"overdue"', b'"ok"', 1))
    assert due(repo) == fresh


def test_a_past_revision_is_cached_apart_from_the_work_tree(repo: GitRepo) -> None:
    first = repo.git("rev-list", "--max-parents=0", "HEAD").strip()
    at_first = due(repo, "--rev", first)
    mark(repo)
    assert MARK in due(repo, "--rev", first)
    head = due(repo)
    assert MARK not in head
    assert head == due(repo, "--no-cache")
    assert due(repo, "--rev", first) == at_first  # computed again: one report is kept


def test_a_git_status_that_fails_vouches_for_nothing(repo: GitRepo) -> None:
    cached_then_marked(repo)
    (repo.root / ".git" / "index").write_bytes(b"not an index")
    result = run_cli("due", "--as-of", AS_OF, "--format", "json", cwd=repo.root)
    assert MARK not in result.stdout
    assert result.code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
