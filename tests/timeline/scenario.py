"""A real git repository whose timeline exercises SPEC §7.1 and §7.2 with exact dates.

- 2026-08-03: the program moves into git (``adopted: 2026-08-01``). AC-01 (quarterly,
  ``effective: 2025-06-01``) brings its Q1 record (performed 2026-03-20) and its Q2 record
  (performed 2026-07-09, after the Q2 due date 2026-07-07). AC-02 (monthly, no
  ``effective``) and CM-01 (on-change) start here.
- 2026-10-20: AC-01's Q3 record (partial, performed 2026-09-25: 25 days to record) and
  AC-02's August record (performed 2026-08-29: 52 days to record).
- 2026-11-20: an AC-02 record that claims it was performed on 2026-11-25.
"""

from __future__ import annotations

from tests.conftest import GitRepo

CONFIG = """organization: Timeline Co
audit:
  period: {start: 2026-01-01, end: 2026-12-31}
adopted: 2026-08-01
scope:
  categories: [security]
  system: system.md
people:
  - {id: bob, name: Bob Stone, email: bob@example.com, manager: carol}
  - {id: carol, name: Carol Diaz, email: carol@example.com}
"""
SYSTEM = "# Timeline service\n\n## Boundaries\n\nOne hosted service.\n"


def control(cid: str, cadence: str, criterion: str, extra: str = "") -> str:
    return (
        f"id: {cid}\ntitle: {cid} control\nowner: bob\ncadence: {cadence}\n"
        f"criteria: [{criterion}]\n{extra}"
    )


def record(cid: str, performed: str, result: str = "pass", covers: str = "") -> str:
    line = f"covers: {covers}\n" if covers else ""
    return f"control: {cid}\nperformed: {performed}\nperformed_by: bob\n{line}result: {result}\n"


def build(repo: GitRepo, config: str = CONFIG) -> None:
    repo.write("soc2flow.yaml", config)
    repo.write("system.md", SYSTEM)
    repo.write(
        "controls/AC-01.yaml", control("AC-01", "quarterly", "CC6.1", "effective: 2025-06-01\n")
    )
    repo.write("controls/AC-02.yaml", control("AC-02", "monthly", "CC6.2"))
    repo.write("controls/CM-01.yaml", control("CM-01", "on-change", "CC8.1"))
    repo.write("evidence/AC-01/2026-03-20/record.yaml", record("AC-01", "2026-03-20"))
    repo.write(
        "evidence/AC-01/2026-07-09/record.yaml", record("AC-01", "2026-07-09", covers="2026-Q2")
    )
    repo.commit("Move the program into git", author="bob", date="2026-08-03T10:00:00")
    repo.write("evidence/AC-01/2026-09-25/record.yaml", record("AC-01", "2026-09-25", "partial"))
    repo.write("evidence/AC-02/2026-08-29/record.yaml", record("AC-02", "2026-08-29"))
    repo.commit("Q3 review and August check", author="bob", date="2026-10-20T10:00:00")
    repo.write("evidence/AC-02/2026-11-25/record.yaml", record("AC-02", "2026-11-25"))
    repo.commit("November check", author="bob", date="2026-11-20T10:00:00")
