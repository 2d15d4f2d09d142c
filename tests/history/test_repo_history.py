"""The one pass: versions on the first-parent line, PRs, merges, squashes, renames."""

from __future__ import annotations

from soc2flow.history import load_history
from soc2flow.loading import load_repository
from soc2flow.loading.repository import VERSIONED_DIRS, kind_of
from tests.conftest import GitRepo
from tests.history.conftest import control, merge_pr, on_branch, policy


def test_direct_commit_is_one_version(compliance: GitRepo) -> None:
    history = load_history(compliance.root)
    [change] = history.changes("policies/access.md")
    assert change.commit == compliance.git("rev-parse", "HEAD").strip()
    assert change.authors == ("Alice Ng <alice@example.com>",)
    assert change.pr is None
    assert change.status == "A"
    assert set(change.paths) == {"soc2flow.yaml", "policies/access.md", "controls/AC-01.yaml"}
    assert change.date.isoformat() == "2026-01-05T10:00:00+00:00"
    assert history.first_change("policies/access.md") == change


def test_pr_merge_is_one_version_authored_by_the_branch(compliance: GitRepo) -> None:
    on_branch(compliance, "tighten")
    compliance.write("policies/access.md", policy(body="Be very careful."))
    compliance.commit("Tighten wording", author="bob", date="2026-02-01T09:00:00")
    compliance.write("controls/AC-01.yaml", control(title="Monthly user access review"))
    compliance.commit("Review monthly", author="dave", date="2026-02-01T09:30:00")
    compliance.git("checkout", "-q", "main")
    compliance.write("notes.txt", "unrelated\n")
    compliance.commit("Unrelated work on main", author="alice", date="2026-02-01T10:00:00")
    merge = merge_pr(compliance, 12, "tighten", by="carol", date="2026-02-02T10:00:00")

    history = load_history(compliance.root)
    newest, oldest = history.changes("policies/access.md")
    assert newest.commit == merge
    assert newest.merge
    assert newest.pr == 12
    assert newest.authors == ("Bob Stone <bob@example.com>", "Dave Ruiz <dave@example.com>")
    assert set(newest.paths) == {"policies/access.md", "controls/AC-01.yaml"}
    assert newest.date.isoformat() == "2026-02-02T10:00:00+00:00"
    assert oldest.status == "A"
    assert [c.commit for c in history.changes("notes.txt")] != [merge]


def test_squash_title_names_the_pr(compliance: GitRepo) -> None:
    compliance.write("policies/access.md", policy(body="Squashed."))
    compliance.git(
        "commit", "-q", "-am", "Tighten access (#34)\n\nCo-authored-by: Dave Ruiz <dave@example.com>",
        author="bob", date="2026-02-03T10:00:00",
    )  # fmt: skip
    change = load_history(compliance.root).changes("policies/access.md")[0]
    assert change.pr == 34
    assert change.authors == ("Bob Stone <bob@example.com>", "Dave Ruiz <dave@example.com>")


def test_renames_keep_the_history(compliance: GitRepo) -> None:
    compliance.git("mv", "policies/access.md", "policies/access-control.md")
    compliance.commit("Rename the access policy", author="bob", date="2026-02-04T10:00:00")
    compliance.write("policies/access-control.md", policy(body="Renamed and edited."))
    compliance.commit("Edit after the rename", author="bob", date="2026-02-05T10:00:00")
    history = load_history(compliance.root)
    changes = history.changes("policies/access-control.md")
    assert [(c.status, c.path) for c in changes] == [
        ("M", "policies/access-control.md"),
        ("R", "policies/access-control.md"),
        ("A", "policies/access.md"),
    ]
    assert history.changes("policies/access.md") == []


def test_a_file_added_again_after_deletion_continues(compliance: GitRepo) -> None:
    compliance.git("rm", "-q", "controls/AC-01.yaml")
    compliance.commit("Drop AC-01", date="2026-02-01T10:00:00")
    compliance.write("controls/AC-01.yaml", control(owner="alice"))
    compliance.commit("Bring AC-01 back", date="2026-02-02T10:00:00")
    history = load_history(compliance.root)
    assert [c.status for c in history.changes("controls/AC-01.yaml")] == ["A", "D", "A"]
    first = history.first_change("controls/AC-01.yaml")
    assert first is not None and first.date.date().isoformat() == "2026-01-05"


def test_a_merge_of_main_into_the_branch_is_not_an_author(compliance: GitRepo) -> None:
    on_branch(compliance, "feature")
    compliance.write("controls/AC-01.yaml", control(title="Edited on the branch"))
    compliance.commit("Edit AC-01", author="bob", date="2026-02-01T09:00:00")
    compliance.git("checkout", "-q", "main")
    compliance.write("other.txt", "x\n")
    compliance.commit("Other work", author="alice", date="2026-02-01T10:00:00")
    compliance.git("checkout", "-q", "feature")
    compliance.git(
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Merge main",
        "main",
        author="dave",
        date="2026-02-01T11:00:00",
    )
    merge_pr(compliance, 7, "feature", by="carol", date="2026-02-02T10:00:00")
    change = load_history(compliance.root).changes("controls/AC-01.yaml")[0]
    assert change.authors == ("Bob Stone <bob@example.com>",)
    assert change.paths == ("controls/AC-01.yaml",)


def test_rev_reads_an_older_commit_and_its_tree(compliance: GitRepo) -> None:
    first = compliance.git("rev-parse", "HEAD").strip()
    compliance.write("controls/AC-01.yaml", control(owner="alice"))
    compliance.commit("Hand AC-01 to alice", date="2026-02-01T10:00:00")
    history = load_history(compliance.root, first)
    assert history.head == first
    assert len(history.changes("controls/AC-01.yaml")) == 1
    loaded = load_repository(history.tree_source())
    assert loaded.repo.controls["AC-01"].model.owner == "bob"
    assert b"owner: bob" in history.blob(first, "controls/AC-01.yaml")


def test_tree_source_matches_the_work_tree_files(compliance: GitRepo) -> None:
    compliance.write("evidence/AC-01/2026-03-28/record.yaml", "control: AC-01\n")
    compliance.write("evidence/AC-01/2026-03-28/.hidden", "x")
    compliance.write("README.md", "not a compliance file")
    compliance.commit("Evidence", date="2026-03-28T10:00:00")
    source = load_history(compliance.root).tree_source()
    assert source.paths() == [
        "controls/AC-01.yaml",
        "evidence/AC-01/2026-03-28/record.yaml",
        "policies/access.md",
        "soc2flow.yaml",
    ]
    assert source.size("controls/AC-01.yaml") == len(control().encode())
    assert not source.is_symlink("soc2flow.yaml")


def test_dirty_paths_lists_uncommitted_changes(compliance: GitRepo) -> None:
    compliance.write("controls/AC-01.yaml", control(owner="alice"))
    compliance.write("controls/AC-02.yaml", "id: AC-02\n")
    compliance.write("policies/new.md", "---\nid: POL-2\n---\n")
    compliance.write("exceptions/EX-1.yaml", "id: EX-1\n")
    assert load_history(compliance.root).dirty_paths() == {
        "controls/AC-01.yaml",
        "controls/AC-02.yaml",
        "policies/new.md",
        "exceptions/EX-1.yaml",
    }


def test_dirty_paths_leave_out_files_that_are_not_items(compliance: GitRepo) -> None:
    compliance.write("evidence/AC-01/2026-Q1/record.yaml", "control: AC-01\n")
    compliance.write("soc2flow.yaml", "version: 1\n")
    compliance.write("notes.txt", "x")
    assert load_history(compliance.root).dirty_paths() == set()


def test_item_folders_are_where_items_are_found() -> None:
    kinds = {kind_of(f"{folder}/x.yaml") or kind_of(f"{folder}/x.md") for folder in VERSIONED_DIRS}
    assert kinds == {"policy", "control", "exception"}


def test_tree_source_follows_symlinks_inside_the_tree(compliance: GitRepo) -> None:
    (compliance.root / "evidence/AC-01/x").mkdir(parents=True)
    compliance.write("shared/report.pdf", "pdf")
    (compliance.root / "evidence/AC-01/x/ok.pdf").symlink_to("../../../shared/report.pdf")
    (compliance.root / "evidence/AC-01/x/out.pdf").symlink_to("../../../../outside.pdf")
    compliance.commit("Links", date="2026-03-28T10:00:00")
    source = load_history(compliance.root).tree_source()
    assert source.exists("shared/report.pdf")
    assert not source.exists("shared/missing.pdf")
    assert source.is_symlink("evidence/AC-01/x/ok.pdf")
    assert source.inside("evidence/AC-01/x/ok.pdf")
    assert not source.inside("evidence/AC-01/x/out.pdf")
    assert not source.inside("../etc/passwd")


def test_many_blobs_in_one_call_do_not_fill_the_pipes(compliance: GitRepo) -> None:
    compliance.write("controls/AC-01.yaml", control() + "description: " + "x" * 4000 + "\n")
    compliance.commit("Long description", date="2026-02-01T10:00:00")
    history = load_history(compliance.root)
    blob = history.changes("controls/AC-01.yaml")[0].blob
    assert blob is not None
    found = history.blobs([blob] * 3000)
    assert len(found) == 3000 and found[-1] == found[0] and len(found[0] or b"") > 4000
