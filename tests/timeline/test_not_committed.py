"""Records that are not committed are labelled where the work tree is read: `due`,
`validate` and `show` (SPEC §7.1, §7.6); the machine formats keep SPEC §5's keys."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from soc2flow.schedule.items import FIELDS
from tests.conftest import GitRepo, run_cli
from tests.terminal import run_on_terminal, visible
from tests.timeline.scenario import build, record

AS_OF = "2026-12-10"
DECEMBER = "evidence/AC-02/2026-12-01/record.yaml"
LABEL = "last 2026-12-01 (not committed)"


@pytest.fixture
def pending(git_repo: GitRepo) -> GitRepo:
    """The timeline scenario and AC-02's December record, written and not committed."""
    build(git_repo)
    git_repo.write(DECEMBER, record("AC-02", "2026-12-01"))
    return git_repo


def _json(repo: GitRepo, *args: str) -> Any:
    result = run_cli(*args, "--format", "json", cwd=repo.root)
    assert result.code in (0, 1), result.stderr
    return json.loads(result.stdout)


def _ac02(report: Any) -> list[Any]:
    return [i for i in report["items"] if i["id"] == "AC-02" and i["kind"] == "control-execution"]


def test_due_table_labels_the_last_date_an_uncommitted_record_gives(pending: GitRepo) -> None:
    result = run_cli("due", "--as-of", AS_OF, cwd=pending.root)
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    # September and October stay owed; their last execution is the uncommitted December one.
    for period in ("2026-09", "2026-10"):
        row = next(n for n, line in enumerate(lines) if f"AC-02 {period}: AC-02 control" in line)
        assert lines[row + 1].strip() == LABEL
    assert result.stdout.count(LABEL) == 2
    assert f"1 execution record counted here is not committed: {DECEMBER}." in result.stdout


def test_due_says_nothing_once_the_record_is_committed(pending: GitRepo) -> None:
    pending.commit("December check", author="bob", date="2026-12-01T16:00:00")
    result = run_cli("due", "--as-of", AS_OF, cwd=pending.root)
    assert result.code == 0, result.stderr
    assert "not committed" not in result.stdout + result.stderr
    assert [i["last"] for i in _ac02(_json(pending, "due", "--as-of", AS_OF))] == [
        "2026-12-01",
        "2026-12-01",
    ]


def test_due_at_a_revision_reads_only_committed_records(pending: GitRepo) -> None:
    result = run_cli("due", "--as-of", AS_OF, "--rev", "main", cwd=pending.root)
    assert result.code == 0, result.stderr
    assert "not committed" not in result.stdout
    # The record is not in main's tree: AC-02's last execution there is November's.
    assert "AC-02 2026-12: AC-02 control" in result.stdout


def test_machine_formats_keep_their_keys_and_say_it_on_stderr(pending: GitRepo) -> None:
    result = run_cli("due", "--as-of", AS_OF, "--format", "json", cwd=pending.root)
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    assert all(tuple(item) == FIELDS for item in report["items"])
    assert [i["last"] for i in _ac02(report)] == ["2026-12-01", "2026-12-01"]
    assert "not committed" not in result.stdout
    assert f"soc2flow: 1 execution record counted here is not committed: {DECEMBER}." in (
        result.stderr
    )
    rows = list(csv.reader(io.StringIO(run_cli("due", "--as-of", AS_OF, "--format", "csv",
                                                cwd=pending.root).stdout)))  # fmt: skip
    assert tuple(rows[0]) == FIELDS
    assert all("not committed" not in cell for row in rows for cell in row)


def test_markdown_digest_carries_the_label_and_the_note(pending: GitRepo) -> None:
    result = run_cli("due", "--as-of", AS_OF, "--format", "markdown", cwd=pending.root)
    assert result.code == 0, result.stderr
    assert "**AC-02** AC-02 control; last 2026-12-01 \\(not committed\\)" in result.stdout
    assert f"1 execution record counted here is not committed: {DECEMBER}." in result.stdout


@pytest.mark.parametrize("columns", [80, 100])
def test_the_label_fits_the_terminal(pending: GitRepo, columns: int) -> None:
    code, raw = run_on_terminal("due", "--as-of", AS_OF, cwd=pending.root, columns=columns)
    assert code == 0
    lines = [line.rstrip() for line in visible(raw).splitlines()]
    assert all(len(line) <= columns for line in lines), max(lines, key=len)
    item_cells = " ".join(line[38:].split("  ")[0].strip() for line in lines)  # item column
    assert item_cells.count("(not committed)") == 2
    assert "counted here is not committed" in " ".join(lines)


def test_validate_reports_the_record_as_uncommitted_change(pending: GitRepo) -> None:
    report = _json(pending, "validate", "--as-of", AS_OF)
    found = [f for f in report["findings"] if f["rule"] == "uncommitted-change"]
    assert [(f["path"], f["severity"], f["line"]) for f in found] == [(DECEMBER, "warning", 2)]
    assert found[0]["message"].startswith("the record is not committed: it has no recorded date")
    without = _json(pending, "validate", "--as-of", AS_OF, "--no-history")
    assert not [f for f in without["findings"] if f["rule"] == "uncommitted-change"]


def test_show_labels_the_record_not_committed(pending: GitRepo) -> None:
    shown = _json(pending, "show", "AC-02", "--as-of", AS_OF)
    entry = next(r for r in shown["records"] if r["path"] == DECEMBER)
    assert entry["label"] == "not-committed" and entry["recorded"] is None
