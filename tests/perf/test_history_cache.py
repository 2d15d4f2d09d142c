"""The history cache serves exactly what a fresh read would, and only then.

Real repositories made with the git CLI. To see *where* an answer came from, some tests
edit a cached commit's subject (keeping the file's checksum valid): an answer that still
shows the edit was served from the cache, one that does not was read from git.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from soc2flow.fileio import wait_for_writes
from soc2flow.history import load_history
from soc2flow.history.cache import cache_path, load
from soc2flow.history.git import locate
from tests.conftest import GitRepo, run_cli

CONFIG = """organization: Example Corp
people:
  - {id: alice, name: Alice Ng, email: alice@example.com}
  - {id: bob, name: Bob Stone, email: bob@example.com}
  - {id: carol, name: Carol Diaz, email: carol@example.com}
"""
POLICY = """---
id: POL-ACCESS
title: Access Control Policy
owner: alice
approvers: [carol]
reviewed: {reviewed}
---
# Access Control Policy
"""


def make_history(repo: GitRepo) -> None:
    repo.write("soc2flow.yaml", CONFIG)
    repo.write("policies/access.md", POLICY.format(reviewed="2026-01-05"))
    repo.commit("Add the access policy\n\nApproved-by: Carol Diaz <carol@example.com>")
    repo.git("checkout", "-q", "-b", "review")
    repo.write("policies/access.md", POLICY.format(reviewed="2026-02-01"))
    repo.commit("Review the access policy", author="bob", date="2026-02-01T10:00:00")
    repo.git("checkout", "-q", "main")
    repo.git(
        "merge", "-q", "--no-ff", "review", "-m", "Merge pull request #7 from org/review",
        author="carol", date="2026-02-02T10:00:00",
    )  # fmt: skip


def subjects(root: Path, *, use_cache: bool = True) -> list[tuple[str, str, int | None]]:
    history = load_history(root, use_cache=use_cache)
    try:
        return [(c.commit, c.subject, c.pr) for c in history.changes("policies/access.md")]
    finally:
        history.close()


def approvals(root: Path, *, use_cache: bool = True) -> list[list[str]]:
    history = load_history(root, use_cache=use_cache)
    try:
        changes = history.changes("policies/access.md")
        return [[a.identity for a in c.raw_approvals] for c in changes]
    finally:
        history.close()


def cache_file(root: Path) -> Path:
    wait_for_writes()  # the cache is written in the background
    return cache_path(locate(root))


def edit_cached_subjects(root: Path, subject: str) -> None:
    """Rewrite every cached subject, with a valid checksum: what is served shows it."""
    path = cache_file(root)
    first, _, body = path.read_bytes().partition(b"\n")
    header: dict[str, Any] = json.loads(first)
    rows = json.loads(body)
    for row in rows:
        row[8] = subject
    new_body = json.dumps(rows).encode()
    header["sha256"] = hashlib.sha256(new_body).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + new_body)


def test_a_second_run_is_served_from_the_cache(git_repo: GitRepo) -> None:
    make_history(git_repo)
    fresh = subjects(git_repo.root)
    assert cache_file(git_repo.root).is_file()
    edit_cached_subjects(git_repo.root, "from the cache")
    assert [s for _, s, _ in subjects(git_repo.root)] == ["from the cache"] * len(fresh)
    assert subjects(git_repo.root, use_cache=False) == fresh


def test_a_new_commit_reads_only_the_new_commits(git_repo: GitRepo) -> None:
    make_history(git_repo)
    subjects(git_repo.root)
    edit_cached_subjects(git_repo.root, "from the cache")
    git_repo.write("policies/access.md", POLICY.format(reviewed="2026-03-01"))
    new = git_repo.commit("Tighten the access policy (#8)", date="2026-03-01T10:00:00")
    served = subjects(git_repo.root)
    assert served[0] == (new, "Tighten the access policy (#8)", 8)
    assert {s for _, s, _ in served[1:]} == {"from the cache"}
    header = json.loads(cache_file(git_repo.root).read_bytes().partition(b"\n")[0])
    assert header["head"] == new


def test_extending_the_cache_gives_what_a_full_read_gives(git_repo: GitRepo) -> None:
    make_history(git_repo)
    subjects(git_repo.root)
    git_repo.git("checkout", "-q", "-b", "next")
    git_repo.write("policies/access.md", POLICY.format(reviewed="2026-03-01"))
    git_repo.commit("Tighten the access policy", author="bob", date="2026-03-01T10:00:00")
    git_repo.git("checkout", "-q", "main")
    git_repo.git(
        "merge", "-q", "--no-ff", "next", "-m",
        "Merge pull request #9 from org/next\n\nApproved-by: Carol Diaz <carol@example.com>",
        author="carol", date="2026-03-02T10:00:00",
    )  # fmt: skip
    assert subjects(git_repo.root) == subjects(git_repo.root, use_cache=False)
    assert approvals(git_repo.root) == approvals(git_repo.root, use_cache=False)
    extended = load(cache_file(git_repo.root))
    assert extended is not None
    assert sorted(c.id for c in extended.commits) == sorted(
        git_repo.git("rev-list", "HEAD").split()
    )


def test_amending_the_head_changes_the_answer(git_repo: GitRepo) -> None:
    make_history(git_repo)
    git_repo.write("policies/access.md", POLICY.format(reviewed="2026-03-01"))
    git_repo.commit("Tighten the access policy", date="2026-03-01T10:00:00")
    assert approvals(git_repo.root)[0] == []
    git_repo.git(
        "commit", "-q", "--amend", "-m",
        "Tighten the access policy\n\nApproved-by: Carol Diaz <carol@example.com>",
        date="2026-03-01T10:00:00",
    )  # fmt: skip
    assert approvals(git_repo.root)[0] == ["Carol Diaz <carol@example.com>"]
    assert approvals(git_repo.root) == approvals(git_repo.root, use_cache=False)


def test_rebasing_changes_the_answer(git_repo: GitRepo) -> None:
    make_history(git_repo)
    git_repo.git("checkout", "-q", "-b", "topic", "HEAD~1")
    git_repo.write("policies/access.md", POLICY.format(reviewed="2026-01-05") + "\nScope: all.\n")
    git_repo.commit("Widen the access policy's scope (#11)", date="2026-03-01T10:00:00")
    before = subjects(git_repo.root)
    git_repo.git("rebase", "-q", "main", date="2026-03-03T10:00:00")
    after = subjects(git_repo.root)
    assert after != before
    assert after == subjects(git_repo.root, use_cache=False)
    assert len(after) == 3  # the rebased commit now sits on top of the merged review
    cached = load(cache_file(git_repo.root))
    assert cached is not None  # re-read in full: it holds no commit of the old line
    assert sorted(c.id for c in cached.commits) == sorted(git_repo.git("rev-list", "HEAD").split())


def test_a_corrupt_cache_is_ignored_and_rewritten(git_repo: GitRepo) -> None:
    make_history(git_repo)
    fresh = subjects(git_repo.root)
    path = cache_file(git_repo.root)
    good = path.read_bytes()
    for broken in (b"", b"not json\n[]", good[: len(good) // 2], good.replace(b"Review", b"Revue")):
        path.write_bytes(broken)
        assert load(path) is None
        assert subjects(git_repo.root) == fresh
        assert load(cache_file(git_repo.root)) is not None


def test_a_cache_of_another_version_is_not_used(git_repo: GitRepo) -> None:
    make_history(git_repo)
    subjects(git_repo.root)
    path = cache_file(git_repo.root)
    first, _, body = path.read_bytes().partition(b"\n")
    header = json.loads(first)
    header["version"] = "0.0.0-other"
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)
    assert load(path) is None


@pytest.mark.parametrize(
    "command",
    [
        ("history", "POL-ACCESS", "--format", "json"),
        ("due", "--as-of", "2026-03-01", "--format", "json"),
        ("validate", "--as-of", "2026-03-01", "--format", "json"),
    ],
)
def test_no_cache_neither_reads_nor_writes(git_repo: GitRepo, command: tuple[str, ...]) -> None:
    make_history(git_repo)
    assert subjects(git_repo.root, use_cache=False)
    assert not cache_file(git_repo.root).exists()
    result = run_cli(*command, "--no-cache", cwd=git_repo.root)
    assert result.code == 0, result.stderr
    assert not cache_file(git_repo.root).exists()
    cached = run_cli(*command, cwd=git_repo.root)
    assert cached.code == 0, cached.stderr
    assert cache_file(git_repo.root).is_file()
    assert cached.stdout == result.stdout
    again = run_cli(*command, cwd=git_repo.root)
    assert again.stdout == result.stdout


def test_cache_written_from_a_daemon_reader_outlives_it(git_repo: GitRepo) -> None:
    """The history is read in a daemon thread; its cache write must not be a daemon too
    (threads inherit daemon status), or the interpreter drops it at exit."""
    import threading

    from soc2flow import fileio

    make_history(git_repo)
    started: list[bool] = []

    def read() -> None:
        load_history(git_repo.root, "HEAD", use_cache=True)
        started.extend(t.daemon for t in fileio._writes)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join()
    wait_for_writes()
    assert started == [False]
    assert cache_path(locate(git_repo.root, "HEAD")).is_file()
