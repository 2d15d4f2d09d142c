"""`due` on a real pseudo-terminal of 80 and 100 columns: what a person reads (SPEC §7.5)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.conftest import GitRepo, run_cli
from tests.schedule import scenario
from tests.terminal import run_on_terminal, visible

AS_OF = "2026-07-10"
# A policy that lands without approval, waiting on two approvers, with a long title.
LONG_TITLE = (
    "Vendor Management Policy for Subprocessors, Cloud Providers and Critical "
    "Suppliers of the Production Platform"
)
PENDING = f"""\
---
id: POL-VENDOR
title: {LONG_TITLE}
owner: alice
approvers: [carol, bob]
criticality: medium
review: annual
reviewed: 2026-06-20
---
# Vendor management
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GitRepo]:
    root = tmp_path_factory.mktemp("terminal") / "repo"
    root.mkdir()
    repo = GitRepo(root)
    repo.git("init", "-q", "-b", "main")
    scenario.build(repo)
    repo.write("policies/vendor.md", PENDING)
    repo.commit("Vendor policy", author="alice", date="2026-06-20T10:00:00")
    yield repo


def _screen(repo: GitRepo, columns: int, *args: str) -> tuple[int, list[str]]:
    code, raw = run_on_terminal("due", "--as-of", AS_OF, *args, cwd=repo.root, columns=columns)
    return code, [line.rstrip() for line in visible(raw).splitlines()]


@pytest.mark.parametrize("columns", [80, 100])
def test_summary_first_then_urgent_items_within_the_width(built: GitRepo, columns: int) -> None:
    code, lines = _screen(built, columns)
    assert code == 0
    assert lines[0] == "What is due as of 2026-07-10: 12 items, 8 overdue, 0 due soon, 4 ok"
    assert all(len(line) <= columns for line in lines), max(lines, key=len)
    kinds = [line.split()[0] for line in lines[4:12]]
    assert kinds[:8] == [
        "policy-review",
        "control-execution",
        "evidence-missing",
        "exception-expiry",
        "retro-approval",
        "reliance-review",
        "approval-pending",
        "remediation",
    ]
    approval = next(line for line in lines if line.startswith(" approval-pending"))
    assert approval.split()[1:] == ["(1", "change)", "2", "-", "-", "2"]
    assert lines.index("Overdue") > 10  # after the summary
    assert "Not due yet" not in lines  # ok items are counted, not listed
    assert lines[-1] == "4 more items are not due yet; soc2flow due --all lists them."


@pytest.mark.parametrize("columns", [80, 100])
def test_approval_pending_is_one_line_per_change_with_its_approvers(
    built: GitRepo, columns: int
) -> None:
    _, lines = _screen(built, columns)
    rows = [n for n, line in enumerate(lines) if "approval-pending" in line and "POL-VE" in line]
    assert len(rows) == 1  # one row for the change, not one per approver
    # committed "2026-06-20" after the scenario's commit of 2026-06-25: the monotone clock
    # dates the change 2026-06-25, so approval is owed 7 days later (the medium profile's grace_days)
    assert lines[rows[0]].split()[:3] == ["2026-07-02", "-8", "approval-pending"]
    assert lines[rows[0]].endswith(" bob, carol")


@pytest.mark.parametrize("columns", [80, 100])
def test_titles_wrap_and_are_never_cropped(built: GitRepo, columns: int) -> None:
    _, lines = _screen(built, columns)
    assert not any("…" in line for line in lines)
    text = " ".join(" ".join(lines).split())
    for word in LONG_TITLE.split():
        assert word.rstrip(",") in text


def test_all_lists_the_items_not_due_yet(built: GitRepo) -> None:
    _, lines = _screen(built, 100, "--all")
    assert "Not due yet" in lines
    assert not any("more items are not due yet" in line for line in lines)
    assert any("POL-ACCESS: Access Control Policy" in line for line in lines)


def test_machine_formats_hold_every_item_with_the_summary_on_stderr(built: GitRepo) -> None:
    result = run_cli("due", "--as-of", AS_OF, "--format", "json", cwd=built.root)
    items = json.loads(result.stdout)["items"]
    assert len(items) == 12
    assert [i["owner"] for i in items if i["kind"] == "approval-pending"] in (
        ["bob", "carol"],
        ["carol", "bob"],
    )  # every approver's item is there, uncollapsed
    assert result.stderr == "12 items due as of 2026-07-10: 8 overdue, 0 due soon, 4 ok\n"
    table = run_cli("due", "--as-of", AS_OF, cwd=built.root)
    assert table.stderr == "" and table.stdout.startswith("What is due as of 2026-07-10: 12 items")
