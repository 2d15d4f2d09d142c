"""A small compliance repository in real git, used by the engine and CLI tests."""

from __future__ import annotations

import hashlib

import yaml

from tests.conftest import GitRepo

CONFIG = """\
organization: Example Corp
timezone: UTC
audit:
  period: {start: 2026-01-01, end: 2026-12-31}
people:
  - {id: alice, name: Alice Ng, email: alice@example.com, manager: carol}
  - {id: bob, name: Bob Stone, email: bob@example.com, manager: carol}
  - {id: carol, name: Carol Diaz, email: carol@example.com}
teams:
  security: {members: [alice, bob], lead: carol}
profiles:
  high:   {approvals: 1, due_soon_days: 14, grace_days: 0,  escalate_after_days: 3,
           provenance: [signed, pr-review, trailer]}
  medium: {approvals: 1, due_soon_days: 30, grace_days: 7,  escalate_after_days: 14}
  low:    {approvals: 1, due_soon_days: 30, grace_days: 30, escalate_after_days: 30}
"""

POLICY = """\
---
id: POL-ACCESS
title: Access Control Policy
owner: alice
approvers: [carol]
criticality: medium
review: annual
reviewed: 2026-01-02
acknowledge: annual
---
# Access Control Policy
"""

AC01 = """\
id: AC-01
title: Quarterly user access review
policy: POL-ACCESS
owner: bob
criticality: high
cadence: quarterly
grace_days: 7
evidence:
  - {id: review-export}
  - {id: sign-off}
escalation: [alice]
inherited:
  provider: Cloud Provider Inc.
  method: carve-out
  review: annual
  reviewed: 2025-11-30
"""

AC04 = """\
id: AC-04
title: Privileged access review every 90 days
owner: security
criticality: medium
cadence: {every: P90D}
evidence:
  - {id: role-list}
"""

EXCEPTION = """\
id: EXC-1
kind: emergency-change
control: AC-01
reason: Hotfix merged without review during an incident. It needs approval.
risk: high
owner: alice
approvers: [carol]
opened: 2026-04-02
expires: 2026-07-01
retrospective_approval_days: 5
"""

EVIDENCE = "evidence\n"
SHA = hashlib.sha256(EVIDENCE.encode()).hexdigest()


def record(control: str, performed: str, result: str, evidence: list[str], covers: str = "") -> str:
    files = "".join(f"  - {{path: {e}.csv, evidence: {e}, sha256: {SHA}}}\n" for e in evidence)
    extra = f"covers: {covers}\n" if covers else ""
    listing = files or "  []\n"
    return (
        f"control: {control}\nperformed: {performed}\nperformed_by: bob\n{extra}"
        f"result: {result}\nfiles:\n{listing}"
    )


APPROVED = "\n\nApproved-by: Carol Diaz <carol@example.com>"


def attach_files(repo: GitRepo) -> None:
    """Write every file the records list (all hold EVIDENCE): evidence that is missing
    proves nothing, and these records are meant to count."""
    for found in sorted(repo.root.glob("evidence/*/*/record.yaml")):
        data = yaml.safe_load(found.read_text(encoding="utf-8"))
        for item in data.get("files") or []:
            target = found.parent / item["path"]
            if not target.exists():
                target.write_text(EVIDENCE, encoding="utf-8")


def build(repo: GitRepo) -> None:
    """History: items land approved in January; executions through the year; an
    emergency change lands unapproved in April."""
    repo.write("soc2flow.yaml", CONFIG)
    repo.write("policies/access.md", POLICY)
    repo.write("controls/AC-01.yaml", AC01)
    repo.write("controls/AC-04.yaml", AC04)
    attach_files(repo)
    repo.commit("Access policy and controls" + APPROVED, author="alice", date="2026-01-05T10:00:00")
    repo.write(
        "evidence/AC-01/2026-03-28/record.yaml",
        record("AC-01", "2026-03-28", "pass", ["review-export", "sign-off"], "2026-Q1"),
    )
    repo.write(
        "evidence/AC-04/2026-02-01/record.yaml",
        record("AC-04", "2026-02-01", "pass", ["role-list"]),
    )
    repo.write(
        "evidence/POL-ACCESS/2026-02-01/record.yaml", record("POL-ACCESS", "2026-02-01", "pass", [])
    )
    attach_files(repo)
    repo.commit("Q1 access review", author="bob", date="2026-03-28T10:00:00")
    repo.write("exceptions/EXC-1.yaml", EXCEPTION)
    attach_files(repo)
    repo.commit("Emergency change EXC-1", author="alice", date="2026-04-02T10:00:00")
    repo.write(
        "evidence/AC-01/2026-06-20/record.yaml",
        record("AC-01", "2026-06-20", "fail", ["review-export"]),
    )
    repo.write(
        "evidence/AC-01/2026-06-25/record.yaml",
        record("AC-01", "2026-06-25", "partial", ["review-export"]),
    )
    attach_files(repo)
    repo.commit(
        "Q2 access review: failed, then incomplete", author="bob", date="2026-06-25T10:00:00"
    )
