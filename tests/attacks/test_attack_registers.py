"""Attempts to fake an approved vendor or risk, a covered period or a silenced warning."""

from __future__ import annotations

from datetime import date

from soc2flow.history import load_history
from soc2flow.history.approvals import item_versions
from soc2flow.loading import WorkTree, load_repository
from soc2flow.usecases.due import run_due
from soc2flow.usecases.validate import validate
from tests.conftest import GitRepo

CONFIG = """\
organization: Attack Corp
timezone: UTC
audit:
  period: {start: 2026-01-01, end: 2026-12-31}
risk_appetite: 6
people:
  - {id: alice, name: Alice Ng, email: alice@example.com, manager: carol}
  - {id: bob, name: Bob Stone, email: bob@example.com, manager: carol}
  - {id: carol, name: Carol Diaz, email: carol@example.com}
  - {id: dave, name: Dave Ruiz, email: dave@example.com}
teams:
  security: {members: [alice, bob], lead: carol}
"""

VENDOR = """\
id: VEN-A
name: A Cloud
owner: alice
tier: {tier}
{extra}subservice: carve-out
reports:
  - type: soc2-type2
    period: {{start: 2025-01-01, end: 2025-12-31}}
    opinion: {opinion}
"""

EXCEPTION = """\
id: EXC-1
kind: {kind}
{subject}
reason: Reviewed the provider's findings.
risk: low
owner: alice
opened: 2026-01-10
expires: {expires}
"""

RISK = """\
id: RISK-1
title: Outage of the provider
owner: alice
likelihood: 3
impact: 3
treatment: transfer
acceptance: EXC-1
"""


def versions(repo: GitRepo, item_id: str) -> list[tuple[bool, tuple[str, ...]]]:
    history = load_history(repo.root, use_cache=False)
    loaded = load_repository(history.tree_source()).repo
    return [(v.approved, v.findings) for v in item_versions(loaded, history)[item_id]]


def start(repo: GitRepo, vendor: str) -> None:
    repo.write("soc2flow.yaml", CONFIG)
    repo.write("vendors/VEN-A.yaml", vendor)
    repo.commit("Vendor A", date="2026-01-05T10:00:00")


def test_lowering_the_tier_in_the_same_change_keeps_two_approvals(git_repo: GitRepo) -> None:
    start(git_repo, VENDOR.format(tier=1, extra="", opinion="unqualified"))
    git_repo.write("vendors/VEN-A.yaml", VENDOR.format(tier=3, extra="", opinion="unqualified"))
    git_repo.commit(
        "VEN-A is tier 3 now\n\nApproved-by: Carol Diaz <carol@example.com>",
        author="bob",
        date="2026-02-01T10:00:00",
    )
    newest = versions(git_repo, "VEN-A")[0]
    assert newest == (False, ("insufficient-approvals",))  # tier 1 before: high, 2 approvals


def test_naming_new_approvers_in_the_change_does_not_let_them_approve_it(
    git_repo: GitRepo,
) -> None:
    start(git_repo, VENDOR.format(tier=2, extra="", opinion="unqualified"))
    git_repo.write(
        "vendors/VEN-A.yaml",
        VENDOR.format(tier=2, extra="approvers: [dave]\n", opinion="unqualified"),
    )
    git_repo.commit(
        "dave approves vendors\n\nApproved-by: Dave Ruiz <dave@example.com>",
        author="bob",
        date="2026-02-01T10:00:00",
    )
    assert versions(git_repo, "VEN-A")[0][0] is False  # carol (the lead) approves until then


def test_the_owner_cannot_approve_their_own_risk(git_repo: GitRepo) -> None:
    git_repo.write("soc2flow.yaml", CONFIG)
    git_repo.write("risks/RISK-1.yaml", RISK.replace("acceptance: EXC-1\n", "approvers: [alice]\n"))
    git_repo.commit("Risk\n\nApproved-by: Alice Ng <alice@example.com>", date="2026-01-05T10:00:00")
    assert versions(git_repo, "RISK-1")[0] == (False, ("self-approval", "insufficient-approvals"))


def test_an_uncommitted_vendor_edit_is_never_approved(git_repo: GitRepo) -> None:
    start(git_repo, VENDOR.format(tier=3, extra="", opinion="unqualified"))
    git_repo.write("vendors/VEN-A.yaml", VENDOR.format(tier=3, extra="", opinion="adverse"))
    report = run_due(git_repo.root, "HEAD", lambda tz: date(2026, 3, 1), use_cache=False).report
    pending = [i for i in report.items if i.kind == "approval-pending" and i.id == "VEN-A"]
    assert [(i.due, i.owner) for i in pending] == [(date(2026, 3, 31), "carol")]


def rules_for(repo: GitRepo, as_of: date) -> list[tuple[str, str]]:
    result = validate(repo.root, as_of=as_of, use_history=False)
    return [(d.rule, d.path) for d in result.findings if d.severity.value == "warning"]


def test_only_an_open_exception_naming_the_vendor_silences_its_opinion(
    git_repo: GitRepo,
) -> None:
    git_repo.write("soc2flow.yaml", CONFIG)
    git_repo.write("vendors/VEN-A.yaml", VENDOR.format(tier=3, extra="", opinion="qualified"))
    git_repo.write("vendors/VEN-B.yaml", VENDOR.format(tier=3, extra="", opinion="unqualified")
                   .replace("VEN-A", "VEN-B"))  # fmt: skip
    exc = EXCEPTION.format(kind="deviation", subject="vendor: VEN-B", expires="2026-06-30")
    git_repo.write("exceptions/EXC-1.yaml", exc)
    assert ("vendor-opinion", "vendors/VEN-A.yaml") in rules_for(git_repo, date(2026, 3, 1))
    exc = EXCEPTION.format(kind="deviation", subject="vendor: VEN-A", expires="2026-06-30")
    git_repo.write("exceptions/EXC-1.yaml", exc)
    assert ("vendor-opinion", "vendors/VEN-A.yaml") not in rules_for(git_repo, date(2026, 3, 1))
    # once the exception has expired, the warning is back
    assert ("vendor-opinion", "vendors/VEN-A.yaml") in rules_for(git_repo, date(2026, 7, 1))


def test_a_deviation_cannot_accept_a_risk_above_appetite(git_repo: GitRepo) -> None:
    git_repo.write("soc2flow.yaml", CONFIG)
    git_repo.write("controls/AC-1.yaml", "id: AC-1\ntitle: T\nowner: bob\ncadence: annual\n")
    git_repo.write("risks/RISK-1.yaml", RISK)
    exc = EXCEPTION.format(kind="deviation", subject="control: AC-1", expires="2026-12-31")
    git_repo.write("exceptions/EXC-1.yaml", exc)
    result = validate(git_repo.root, as_of=date(2026, 3, 1), use_history=False)
    found = {d.rule for d in result.findings}
    assert {"risk-above-appetite", "risk-acceptance-invalid"} <= found
    exc = EXCEPTION.format(kind="risk-acceptance", subject="control: AC-1", expires="2026-12-31")
    git_repo.write("exceptions/EXC-1.yaml", exc)
    result = validate(git_repo.root, as_of=date(2026, 3, 1), use_history=False)
    assert not {"risk-above-appetite", "risk-acceptance-invalid"} & {
        d.rule for d in result.findings
    }


def test_a_pentest_or_type1_report_covers_no_day(git_repo: GitRepo) -> None:
    vendor = VENDOR.format(tier=3, extra="", opinion="unqualified") + (
        "  - type: pentest\n"
        "    period: {start: 2026-01-01, end: 2026-12-31}\n"
        "    bridge_letter: {covers_to: 2027-12-31}\n"
    )
    start(git_repo, vendor)
    report = run_due(git_repo.root, "HEAD", lambda tz: date(2026, 3, 1), use_cache=False).report
    owed = [i for i in report.items if i.kind == "vendor-report"]
    assert [(i.due, i.status) for i in owed] == [(date(2025, 12, 31), "overdue")]


def test_the_loader_sees_the_registers_through_the_work_tree(git_repo: GitRepo) -> None:
    start(git_repo, VENDOR.format(tier=2, extra="", opinion="unqualified"))
    repo = load_repository(WorkTree(git_repo.root)).repo
    assert list(repo.vendors) == ["VEN-A"] and repo.path_of("VEN-A") == "vendors/VEN-A.yaml"
