"""Whether a work-tree file is HEAD's (SPEC §7.1): what `due`, `show` and `validate` call
a record that is not committed."""

from __future__ import annotations

import pytest

from soc2flow.history import load_history
from tests.conftest import GitRepo

RECORD = "evidence/AC-01/2026-03-28/record.yaml"
TEXT = "control: AC-01\nperformed: 2026-03-28\nperformed_by: bob\nresult: pass\n"


@pytest.fixture
def recorded(compliance: GitRepo) -> GitRepo:
    compliance.write(RECORD, TEXT)
    compliance.commit("March review", author="bob", date="2026-03-28T10:00:00")
    return compliance


def test_a_committed_record_and_item_are_committed(recorded: GitRepo) -> None:
    history = load_history(recorded.root, use_cache=False)
    assert history.committed(RECORD)
    assert history.committed("controls/AC-01.yaml")


def test_a_new_record_is_not_committed_untracked_or_staged(recorded: GitRepo) -> None:
    recorded.write("evidence/AC-01/2026-04-02/record.yaml", TEXT)
    recorded.write("evidence/AC-01/2026-04-03/record.yaml", TEXT)
    recorded.git("add", "evidence/AC-01/2026-04-03/record.yaml")
    history = load_history(recorded.root, use_cache=False)
    assert not history.committed("evidence/AC-01/2026-04-02/record.yaml")
    assert not history.committed("evidence/AC-01/2026-04-03/record.yaml")
    assert history.committed(RECORD)


def test_a_committed_record_edited_in_the_work_tree_is_not_committed(recorded: GitRepo) -> None:
    recorded.write(RECORD, TEXT.replace("2026-03-28", "2026-03-30"))
    assert not load_history(recorded.root, use_cache=False).committed(RECORD)
    recorded.git("add", RECORD)  # staged is not committed either
    assert not load_history(recorded.root, use_cache=False).committed(RECORD)


def test_an_ignored_record_is_not_committed(recorded: GitRepo) -> None:
    recorded.write(".gitignore", "evidence/AC-01/2026-04-*/\n")
    recorded.commit("Ignore April", author="bob", date="2026-03-29T10:00:00")
    recorded.write("evidence/AC-01/2026-04-02/record.yaml", TEXT)
    assert recorded.git("status", "--porcelain") == ""  # git itself shows nothing
    assert not load_history(recorded.root, use_cache=False).committed(
        "evidence/AC-01/2026-04-02/record.yaml"
    )


def test_a_record_deleted_by_a_commit_and_written_again_is_not_committed(
    recorded: GitRepo,
) -> None:
    recorded.git("rm", "-q", RECORD)
    recorded.commit("Drop the March review", author="bob", date="2026-03-30T10:00:00")
    recorded.write(".gitignore", "evidence/\n")  # and hidden from git status
    recorded.commit("Ignore evidence", author="bob", date="2026-03-30T11:00:00")
    recorded.write(RECORD, TEXT)
    history = load_history(recorded.root, use_cache=False)
    assert history.first_change(RECORD) is not None  # it was committed once
    assert not history.committed(RECORD)


def test_a_literal_pathspec_environment_does_not_hide_records(
    recorded: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_LITERAL_PATHSPECS", "1")
    recorded.write(RECORD, TEXT.replace("pass", "partial"))
    assert not load_history(recorded.root, use_cache=False).committed(RECORD)


def test_records_stay_out_of_the_dirty_item_files(recorded: GitRepo) -> None:
    recorded.write(RECORD, TEXT.replace("pass", "partial"))
    recorded.write("controls/AC-01.yaml", "id: AC-01\n")
    history = load_history(recorded.root, use_cache=False)
    assert history.dirty_paths() == {"controls/AC-01.yaml"}
    assert not history.committed("controls/AC-01.yaml")
    assert not history.committed(RECORD)


@pytest.mark.parametrize("flag", ["--assume-unchanged", "--skip-worktree"])
def test_a_record_hidden_from_git_status_is_not_committed(recorded: GitRepo, flag: str) -> None:
    recorded.git("update-index", flag, RECORD)
    recorded.write(RECORD, TEXT.replace("2026-03-28", "2026-03-30"))
    assert recorded.git("status", "--porcelain") == ""  # git itself shows nothing
    assert not load_history(recorded.root, use_cache=False).committed(RECORD)


@pytest.mark.parametrize("flag", ["--assume-unchanged", "--skip-worktree"])
def test_an_item_file_hidden_from_git_status_is_not_committed(recorded: GitRepo, flag: str) -> None:
    """The attack: mark a control skip-worktree (or assume-unchanged), then edit it, so
    git status shows nothing while soc2flow reads the edited file."""
    path = "controls/AC-01.yaml"
    recorded.git("update-index", flag, path)
    text = (recorded.root / path).read_text(encoding="utf-8")
    recorded.write(path, text + "description: edited where git does not look\n")
    assert recorded.git("status", "--porcelain") == ""
    history = load_history(recorded.root, use_cache=False)
    assert path in history.dirty_paths()
    assert not history.committed(path)


def test_an_ignored_item_file_is_not_committed(recorded: GitRepo) -> None:
    """An item file that .gitignore hides (one by name, one in an ignored folder) is read
    by soc2flow but never committed."""
    recorded.write(".gitignore", "controls/AC-09.yaml\npolicies/drafts/\n")
    recorded.commit("Ignore drafts", author="bob", date="2026-03-29T10:00:00")
    recorded.write("controls/AC-09.yaml", "id: AC-09\n")
    recorded.write("policies/drafts/POL-NEW.md", "---\nid: POL-NEW\n---\n")
    dirty = load_history(recorded.root, use_cache=False).dirty_paths()
    assert {"controls/AC-09.yaml", "policies/drafts/POL-NEW.md"} <= dirty
