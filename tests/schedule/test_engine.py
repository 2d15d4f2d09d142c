"""The obligation engine on a real git repository: every kind, status and escalation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soc2flow.history import RepoHistory, load_history
from soc2flow.history.approvals import item_versions
from soc2flow.loading import Repository, WorkTree, load_repository
from soc2flow.schedule.context import Versions
from soc2flow.schedule.engine import compute_due
from soc2flow.schedule.items import DueReport
from soc2flow.usecases.due import run_due
from tests.conftest import GitRepo
from tests.schedule import scenario


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GitRepo]:
    root = tmp_path_factory.mktemp("due") / "repo"
    root.mkdir()
    repo = GitRepo(root)
    repo.git("init", "-q", "-b", "main")
    scenario.build(repo)
    yield repo


def due(root: Path, as_of: date) -> DueReport:
    return run_due(root, "HEAD", lambda tz: as_of).report


def rows(
    report: DueReport,
) -> list[tuple[str, str, str | None, str, str, int, str, tuple[str, ...]]]:
    return [
        (i.id, i.kind, i.period, i.due.isoformat(), i.status, i.days, i.owner, i.escalate_to)
        for i in report.items
    ]


def test_early_july(built: GitRepo) -> None:
    assert rows(due(built.root, date(2026, 7, 10))) == [
        ("EXC-1", "retro-approval", None, "2026-04-07", "overdue", -94, "alice", ("carol",)),
        ("AC-04", "control-execution", None, "2026-05-09", "overdue", -62, "security", ("carol",)),
        ("EXC-1", "exception-expiry", None, "2026-07-01", "overdue", -9, "alice", ("carol",)),
        # Q2 is owed: neither the failed nor the incomplete execution satisfies it.
        ("AC-01", "control-execution", "2026-Q2", "2026-07-07", "overdue", -3, "bob", ()),
        ("AC-01", "evidence-missing", "2026-Q2", "2026-07-07", "overdue", -3, "bob", ()),
        ("AC-01", "remediation", "2026-Q2", "2026-07-07", "overdue", -3, "bob", ()),
        ("AC-01", "control-execution", "2026-Q3", "2026-10-07", "ok", 89, "bob", ()),
        ("AC-01", "reliance-review", None, "2026-12-07", "ok", 150, "bob", ()),
        ("POL-ACCESS", "policy-review", None, "2027-01-12", "ok", 186, "alice", ()),
    ]


def test_sources_and_last(built: GitRepo) -> None:
    items = {(i.id, i.kind, i.period): i for i in due(built.root, date(2026, 7, 10)).items}
    assert (
        items["AC-01", "remediation", "2026-Q2"].source == "evidence/AC-01/2026-06-20/record.yaml"
    )
    assert (
        items["AC-01", "evidence-missing", "2026-Q2"].source
        == "evidence/AC-01/2026-06-25/record.yaml"
    )
    assert items["AC-01", "control-execution", "2026-Q2"].source == "controls/AC-01.yaml"
    assert items["AC-01", "control-execution", "2026-Q2"].last == date(2026, 3, 28)
    assert items["AC-01", "reliance-review", None].last == date(2025, 11, 30)
    assert items["POL-ACCESS", "policy-review", None].last == date(2026, 1, 5)
    assert items["EXC-1", "retro-approval", None].last is None


def test_a_missed_quarter_stays_overdue_and_escalates(built: GitRepo) -> None:
    found = rows(due(built.root, date(2026, 10, 12)))
    assert (
        "AC-01",
        "control-execution",
        "2026-Q2",
        "2026-07-07",
        "overdue",
        -97,
        "bob",
        ("alice", "carol"),
    ) in found
    assert (
        "AC-01",
        "control-execution",
        "2026-Q3",
        "2026-10-07",
        "overdue",
        -5,
        "bob",
        ("alice", "carol"),
    ) in found
    assert ("AC-01", "control-execution", "2026-Q4", "2027-01-07", "ok", 87, "bob", ()) in found


def test_due_soon_window_and_acknowledgment(built: GitRepo) -> None:
    found = rows(due(built.root, date(2026, 1, 20)))
    assert ("AC-04", "control-execution", None, "2026-04-12", "ok", 82, "security", ()) in found
    assert ("POL-ACCESS", "acknowledgment", "2026", "2027-01-07", "ok", 352, "alice", ()) in found
    assert ("AC-01", "control-execution", "2026-Q1", "2026-04-07", "ok", 77, "bob", ()) in found
    soon = rows(due(built.root, date(2026, 4, 5)))
    assert ("EXC-1", "retro-approval", None, "2026-04-07", "due-soon", 2, "alice", ()) in soon
    assert ("AC-04", "control-execution", None, "2026-05-09", "ok", 34, "security", ()) in soon
    assert ("AC-01", "reliance-review", None, "2026-12-07", "ok", 246, "bob", ()) in soon
    late = rows(due(built.root, date(2026, 4, 11)))
    retro = ("EXC-1", "retro-approval", None, "2026-04-07", "overdue", -4, "alice", ("carol",))
    assert retro in late


def test_owner_filter_includes_teams_the_person_is_in(built: GitRepo) -> None:
    run = run_due(built.root, "HEAD", lambda tz: date(2026, 7, 10))
    assert {i.owner for i in run.filtered(owner="alice").items} == {"alice", "security"}
    assert {i.owner for i in run.filtered(owner="carol").items} == {"security"}
    assert {i.id for i in run.filtered(owner="bob", within=0).items} == {"AC-01", "AC-04"}
    assert {i.kind for i in run.filtered(kinds=["remediation"]).items} == {"remediation"}


def test_approvals_retro_and_pending(git_repo: GitRepo) -> None:
    scenario.build(git_repo)
    as_of = date(2026, 7, 10)
    kinds = {(i.id, i.kind) for i in due(git_repo.root, as_of).items}
    assert ("EXC-1", "retro-approval") in kinds and ("EXC-1", "approval-pending") not in kinds
    # The retrospective approval lands: retro-approval closes.
    git_repo.write("exceptions/EXC-1.yaml", scenario.EXCEPTION + "x-approved: retro\n")
    git_repo.commit("Approve EXC-1" + scenario.APPROVED, author="alice", date="2026-07-01T09:00:00")
    kinds = {(i.id, i.kind) for i in due(git_repo.root, as_of).items}
    assert ("EXC-1", "retro-approval") not in kinds and ("EXC-1", "approval-pending") not in kinds
    # An unapproved change of the policy waits for carol, due on its date plus grace.
    git_repo.write("policies/access.md", scenario.POLICY + "\nMore text.\n")
    git_repo.commit("Reword the access policy", author="alice", date="2026-07-02T09:00:00")
    pending = [i for i in due(git_repo.root, as_of).items if i.kind == "approval-pending"]
    assert [(i.id, i.owner, i.due, i.status, i.last) for i in pending] == [
        ("POL-ACCESS", "carol", date(2026, 7, 9), "overdue", date(2026, 1, 5)),
    ]
    # An uncommitted change is never approved: due from as-of. Its lead approves a control.
    git_repo.write("controls/AC-04.yaml", scenario.AC04 + "description: edited\n")
    pending = [i for i in due(git_repo.root, as_of).items if i.kind == "approval-pending"]
    assert [(i.id, i.owner, i.due) for i in pending] == [
        ("POL-ACCESS", "carol", date(2026, 7, 9)),
        ("AC-04", "carol", date(2026, 7, 17)),
    ]


def test_a_late_execution_that_covers_the_missed_quarter_closes_it(git_repo: GitRepo) -> None:
    scenario.build(git_repo)
    git_repo.write(
        "evidence/AC-01/2026-07-09/record.yaml",
        scenario.record("AC-01", "2026-07-09", "pass", ["review-export", "sign-off"], "2026-Q2"),
    )
    scenario.attach_files(git_repo)
    git_repo.commit("Q2 access review, late", author="bob", date="2026-07-09T10:00:00")
    kinds = {(i.id, i.kind, i.period) for i in due(git_repo.root, date(2026, 7, 10)).items}
    assert not {k for k in kinds if k[0] == "AC-01" and k[2] == "2026-Q2"}


EDGES = """\
id: {id}
title: {id} check
owner: bob
criticality: low
cadence: {cadence}
"""


def test_week_53_and_leap_month_end(git_repo: GitRepo) -> None:
    config = scenario.CONFIG.replace("audit:\n  period: {start: 2026-01-01, end: 2026-12-31}\n", "")
    git_repo.write("soc2flow.yaml", config)
    git_repo.write("controls/WK-01.yaml", EDGES.format(id="WK-01", cadence="weekly"))
    git_repo.write(
        "controls/ME-01.yaml",
        EDGES.format(id="ME-01", cadence='{rrule: "FREQ=MONTHLY;BYMONTHDAY=-1"}'),
    )
    git_repo.write("controls/RL-01.yaml", EDGES.format(id="RL-01", cadence="{every: P1M}"))
    git_repo.commit("Edge controls" + scenario.APPROVED, author="alice", date="2026-12-30T10:00:00")
    found = rows(due(git_repo.root, date(2027, 1, 2)))
    assert ("WK-01", "control-execution", "2026-W53", "2027-02-02", "ok", 31, "bob", ()) in found
    assert (
        "ME-01",
        "control-execution",
        "2026-12-31",
        "2027-01-30",
        "due-soon",
        28,
        "bob",
        (),
    ) in found
    git_repo.write(
        "evidence/RL-01/2028-01-31/record.yaml", scenario.record("RL-01", "2028-01-31", "pass", [])
    )
    git_repo.write(
        "evidence/ME-01/2028-01-31/record.yaml", scenario.record("ME-01", "2028-01-31", "pass", [])
    )
    git_repo.commit("January 2028", author="bob", date="2028-01-31T10:00:00")
    found = rows(due(git_repo.root, date(2028, 2, 10)))
    assert ("RL-01", "control-execution", None, "2028-03-30", "ok", 49, "bob", ()) in found
    assert ("ME-01", "control-execution", "2028-02-29", "2028-03-30", "ok", 49, "bob", ()) in found


def test_rev_reads_the_files_of_that_commit(git_repo: GitRepo) -> None:
    scenario.build(git_repo)
    git_repo.write("controls/AC-04.yaml", scenario.AC04 + "description: edited\n")  # uncommitted
    at_head = {(i.id, i.kind, i.period) for i in due(git_repo.root, date(2026, 7, 10)).items}
    assert ("AC-04", "approval-pending", None) in at_head
    before = run_due(git_repo.root, "HEAD~1", lambda tz: date(2026, 7, 10)).report
    kinds = {(i.id, i.kind, i.period) for i in before.items}
    # One commit back, the failed Q2 executions do not exist and nothing is uncommitted.
    assert ("AC-01", "control-execution", "2026-Q2") in kinds
    assert ("AC-01", "remediation", "2026-Q2") not in kinds
    assert ("AC-04", "approval-pending", None) not in kinds


@pytest.fixture(scope="module")
def loaded(built: GitRepo) -> tuple[Repository, Versions, RepoHistory]:
    history = load_history(built.root, use_cache=False)
    repo = load_repository(WorkTree(built.root)).repo
    return repo, item_versions(repo, history), history


@settings(max_examples=25, deadline=None)
@given(
    st.dates(min_value=date(2026, 6, 26), max_value=date(2028, 6, 30)),
    st.integers(min_value=1, max_value=400),
)
def test_time_alone_never_clears_an_overdue_item(
    loaded: tuple[Repository, Versions, RepoHistory], as_of: date, step: int
) -> None:
    # No execution in the scenario is performed after 2026-06-25.
    repo, versions, history = loaded
    before = compute_due(repo, versions, history, as_of).items
    later = compute_due(repo, versions, history, as_of + timedelta(days=step)).items
    still = {(i.id, i.kind, i.period, i.owner): i for i in later}
    for item in before:
        if item.status == "overdue":
            after = still[item.id, item.kind, item.period, item.owner]
            assert after.status == "overdue" and after.days < item.days
            assert len(after.escalate_to) >= len(item.escalate_to)
