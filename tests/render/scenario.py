"""A small, complete compliance repository built as a real git history, for binder tests.

Half a year of a tiny program: one policy changed through an approved pull request,
a quarterly control with one on-time execution and one missed quarter, an
event-driven control, an emergency change, an inherited control, and text that
tries to inject markup into the binder.
"""

from __future__ import annotations

import hashlib

from tests.conftest import GitRepo

CONFIG = """\
organization: Acme Test Co
timezone: UTC
frameworks: [soc2-tsc-2017]
audit:
  period: {start: 2026-01-01, end: 2026-06-30}
people:
  - {id: alice, name: Alice Ng, email: alice@example.com}
  - {id: bob, name: Bob Stone, email: bob@example.com}
  - {id: carol, name: Carol Diaz, email: carol@example.com}
teams:
  security: {members: [alice, bob], lead: carol}
"""

POLICY = """\
---
id: POL-ACCESS
title: Access Control Policy
owner: alice
approvers: [carol]
criticality: medium
review: annual
reviewed: {reviewed}
criteria: [CC6.1, CC6.2]
---
# Access Control Policy

Access to production is granted by role and reviewed every quarter.
{extra}
"""

HOSTILE = """
Injected: <script>alert(1)</script> <img src=x onerror=alert(2)>
[a link](javascript:alert(3)) and {{ 7*7 }} {% raw %}
"""

CONTROL = """\
id: AC-01
title: Quarterly user access review
description: Owners review every production user and revoke what is not needed.
policy: POL-ACCESS
owner: bob
backup: alice
criticality: medium
cadence: quarterly
grace_days: 7
evidence:
  - {id: review-export, description: export of users with the reviewer's decision}
criteria: [CC6.1]
escalation: [carol]
"""

CHANGE_CONTROL = """\
id: CM-01
title: Production changes are peer reviewed
policy: POL-ACCESS
owner: alice
criticality: low
cadence: on-change
criteria: [CC8.1]
inherited:
  provider: Cloud Provider Inc.
  method: carve-out
  report: evidence/vendors/cloud-soc2.txt
  review: annual
  reviewed: 2026-02-01
  cuecs: [The user organisation restricts console access to named staff.]
"""

USERS = "user,decision\nbob,keep\nmallory,revoke\n"

RECORD = """\
control: AC-01
performed: 2026-03-28
performed_by: bob
covers: 2026-Q1
result: pass
files:
  - {{path: users.csv, evidence: review-export, sha256: {sha}}}
notes: "Two accounts revoked (OPS-412). <script>alert('notes')</script> {{{{ 7*7 }}}}"
"""

VENDOR_CONTROL = """\
id: VR-01
title: Vendor risk review
owner: carol
criticality: low
cadence: semiannual
grace_days: 0
evidence:
  - {id: register, description: reviewed vendor register}
criteria: [CC9.2]
"""

VENDOR_RECORD = """\
control: VR-01
performed: 2026-07-08
performed_by: carol
covers: 2026-H1
result: partial
files:
  - {{path: vendors.csv, evidence: register, sha256: {sha}}}
notes: Two vendors still owe their reports.
"""

CHANGE_RECORD = """\
control: CM-01
performed: 2026-02-20
performed_by: bob
result: fail
notes: Change merged without a second reviewer; reverted.
"""

EXCEPTION = """\
id: EXC-2026-001
kind: emergency-change
control: AC-01
reason: Hotfix deployed during an outage before review.
risk: high
compensating: [CM-01]
owner: alice
opened: 2026-04-02
expires: 2026-06-01
retrospective_approval_days: 5
"""


def build(repo: GitRepo) -> GitRepo:
    """Write and commit the scenario; the last commit is dated 2026-07-10."""
    repo.write("soc2flow.yaml", CONFIG)
    repo.write("policies/access.md", POLICY.format(reviewed="2026-01-05", extra=""))
    repo.write("controls/AC-01.yaml", CONTROL)
    repo.commit("Start the compliance program", author="alice", date="2026-01-05T10:00:00")
    repo.git("checkout", "-q", "-b", "policy-update")
    repo.write("policies/access.md", POLICY.format(reviewed="2026-02-09", extra=HOSTILE))
    repo.commit("Tighten access policy", author="alice", date="2026-02-09T09:00:00")
    repo.git("checkout", "-q", "main")
    repo.git(
        "merge", "--no-ff", "-q", "policy-update",
        "-m", "Merge pull request #7 from acme/policy-update\n\n"
        "Approved-by: Carol Diaz <carol@example.com>",
        author="carol", date="2026-02-10T12:00:00",
    )  # fmt: skip
    repo.write("controls/CM-01.yaml", CHANGE_CONTROL)
    repo.write("evidence/vendors/cloud-soc2.txt", "Cloud Provider Inc. SOC 2 Type II, 2025.\n")
    repo.commit("Add change control", author="alice", date="2026-02-15T10:00:00")
    repo.write("evidence/AC-01/2026-03-28/users.csv", USERS)
    sha = hashlib.sha256(USERS.encode()).hexdigest()
    repo.write("evidence/AC-01/2026-03-28/record.yaml", RECORD.format(sha=sha))
    repo.commit("Q1 access review", author="bob", date="2026-03-29T10:00:00")
    repo.write("evidence/CM-01/2026-02-20/record.yaml", CHANGE_RECORD)
    repo.write("controls/VR-01.yaml", VENDOR_CONTROL)
    repo.write("exceptions/EXC-2026-001.yaml", EXCEPTION)
    repo.commit("Record emergency change", author="alice", date="2026-04-03T10:00:00")
    repo.write("controls/AC-01.yaml", CONTROL.replace("owner: bob", "owner: alice"))
    repo.commit("Hand the access review to alice", author="alice", date="2026-05-20T10:00:00")
    vendors = "vendor,status\nCloud Provider Inc.,report received\n"
    repo.write("evidence/VR-01/2026-07-08/vendors.csv", vendors)
    sha = hashlib.sha256(vendors.encode()).hexdigest()
    repo.write("evidence/VR-01/2026-07-08/record.yaml", VENDOR_RECORD.format(sha=sha))
    repo.commit("Close the half-year", author="carol", date="2026-07-10T10:00:00")
    return repo
