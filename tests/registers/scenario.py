"""A compliance repository with a vendor register and a risk register, built with git.

Dates the tests rely on:
- 2026-01-05 alice adds everything (no approvals).
- 2026-05-20 alice edits RISK-2's title; carol approves it with a trailer (medium: 1 approval,
  carol leads alice's team), so the change counts as RISK-2's review.
"""

from __future__ import annotations

import hashlib

from tests.conftest import GitRepo

CONFIG = """\
organization: Register Corp
timezone: UTC
audit:
  period: {start: 2026-01-01, end: 2026-12-31}
risk_appetite: 9
people:
  - {id: alice, name: Alice Ng, email: alice@example.com, github: alice-ng, manager: carol}
  - {id: bob, name: Bob Stone, email: bob@example.com, github: bob-s, manager: carol}
  - {id: carol, name: Carol Diaz, email: carol@example.com, github: carol-d}
teams:
  security: {members: [alice, bob], lead: carol}
"""

CONTROL = """\
id: {id}
title: {title}
owner: bob
criticality: medium
cadence: {cadence}
evidence:
  - {{id: export, description: the export}}
criteria: [CC6.1]
{extra}"""

NIMBUS = """\
id: VEN-NIMBUS
name: Nimbus Cloud Inc.
owner: alice
tier: 1
services: Production hosting
subservice: carve-out
review: annual
reviewed: 2026-03-01
reports:
  - type: soc2-type2
    period: {{start: 2025-04-01, end: 2026-03-31}}
    opinion: unqualified
    exceptions: 0
    file: evidence/vendors/nimbus-soc2.pdf
    sha256: {report}
    bridge_letter: {{covers_to: 2026-05-31, file: evidence/vendors/nimbus-bridge.pdf, sha256: {bridge}}}
cuecs:
  - {{text: The customer restricts console access to named staff., controls: [AC-01]}}
  - {{text: The customer rotates its API keys.}}
"""

MAIL = """\
id: VEN-MAIL
name: Mailer Ltd
owner: alice
tier: 2
reports:
  - type: pentest
    period: {start: 2025-01-01, end: 2025-12-31}
"""

DESK = """\
id: VEN-DESK
name: Helpdesk SaaS
owner: alice
tier: 3
subservice: inclusive
review: quarterly
reviewed: 2026-02-10
"""

TWO = """\
id: VEN-TWO
name: Two Reports Inc.
owner: alice
tier: 2
reports:
  - type: iso27001
    period: {start: 2025-01-01, end: 2025-12-31}
  - type: soc2-type2
    period: {start: 2026-03-01, end: 2026-08-31}
    opinion: qualified
    exceptions: 2
  - type: soc2-type1
    period: {start: 2026-09-01, end: 2026-12-31}
"""

RISK1 = """\
id: RISK-1
title: A stolen laptop gives access to production
owner: alice
criticality: high
likelihood: 3
impact: 4
treatment: mitigate
controls: [AC-01]
residual: {likelihood: 2, impact: 3}
reviewed: 2026-01-20
criteria: [CC3.2]
"""

RISK2 = """\
id: RISK-2
title: {title}
owner: alice
likelihood: 4
impact: 4
treatment: mitigate
controls: [AC-02]
residual: {{likelihood: 3, impact: 4}}
criteria: [CC3.2, CC9.2]
"""

RECORD = """\
control: AC-02
performed: 2026-03-20
performed_by: bob
result: pass
files:
  - {{path: export.csv, evidence: export, sha256: {sha}}}
"""


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build(repo: GitRepo) -> None:
    repo.write("soc2flow.yaml", CONFIG)
    repo.write(
        "controls/AC-01.yaml",
        CONTROL.format(id="AC-01", title="Access review", cadence="quarterly", extra=""),
    )
    repo.write(
        "controls/AC-02.yaml",
        CONTROL.format(id="AC-02", title="Laptop encryption", cadence="quarterly", extra=""),
    )
    repo.write(
        "controls/IN-02.yaml",
        CONTROL.format(
            id="IN-02",
            title="Data centre security",
            cadence="on-change",
            extra="inherited: {vendor: VEN-NIMBUS}\n",
        ),
    )
    repo.write(
        "controls/IN-09.yaml",
        CONTROL.format(
            id="IN-09",
            title="Backups at the provider",
            cadence="on-change",
            extra="inherited: {provider: Old Cloud, method: carve-out, reviewed: 2026-01-02}\n",
        ),
    )
    report, bridge = b"%PDF nimbus report", b"%PDF nimbus bridge"
    (repo.root / "evidence/vendors").mkdir(parents=True)
    (repo.root / "evidence/vendors/nimbus-soc2.pdf").write_bytes(report)
    (repo.root / "evidence/vendors/nimbus-bridge.pdf").write_bytes(bridge)
    repo.write("vendors/VEN-NIMBUS.yaml", NIMBUS.format(report=sha(report), bridge=sha(bridge)))
    repo.write("vendors/VEN-MAIL.yaml", MAIL)
    repo.write("vendors/VEN-DESK.yaml", DESK)
    repo.write("vendors/VEN-TWO.yaml", TWO)
    repo.write("risks/RISK-1.yaml", RISK1)
    repo.write("risks/RISK-2.yaml", RISK2.format(title="Laptops are lost"))
    export = b"user,decision\nbob,keep\n"
    repo.write("evidence/AC-02/2026-03-20/record.yaml", RECORD.format(sha=sha(export)))
    (repo.root / "evidence/AC-02/2026-03-20/export.csv").write_bytes(export)
    repo.commit("Registers", date="2026-01-05T10:00:00")
    repo.write("risks/RISK-2.yaml", RISK2.format(title="Unencrypted laptops are lost"))
    repo.commit(
        "RISK-2: sharper title\n\nApproved-by: Carol Diaz <carol@example.com>",
        date="2026-05-20T10:00:00",
    )
