"""A small real compliance repository for the evidence, date and input attacks."""

from __future__ import annotations

import hashlib
import json

from tests.conftest import GitRepo, run_cli

CONFIG = """organization: Test Co
timezone: UTC
audit:
  period: {start: 2026-01-01, end: 2026-12-31}
people:
  - {id: alice, name: Alice Ng, email: alice@example.com, github: alice}
  - {id: bob, name: Bob Stone, email: bob@example.com}
"""
CONTROL = """id: AC-01
title: Quarterly access review
owner: alice
criticality: low
cadence: quarterly
evidence:
  - {id: export}
"""
FOLDER = "evidence/AC-01/2026-03-20"
EXPORT = "user,decision\nbob,keep\n"


def record(performed: str = "2026-03-20", path: str = "export.csv", text: str = EXPORT) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return (
        f"control: AC-01\nperformed: {performed}\nperformed_by: alice\nresult: pass\n"
        f"files:\n  - {{path: {path}, evidence: export, sha256: {digest}}}\n"
    )


def build(repo: GitRepo, *, with_record: bool = True) -> GitRepo:
    """soc2flow.yaml and AC-01 committed on 2026-01-05, Q1's record on 2026-03-21."""
    repo.write("soc2flow.yaml", CONFIG)
    repo.write("controls/AC-01.yaml", CONTROL)
    repo.commit("Start the program", date="2026-01-05T10:00:00")
    if with_record:
        repo.write(f"{FOLDER}/export.csv", EXPORT)
        repo.write(f"{FOLDER}/record.yaml", record())
        repo.commit("Q1 access review", date="2026-03-21T10:00:00")
    return repo


def owed(repo: GitRepo, as_of: str = "2026-05-15") -> list[tuple[str, str, str | None, str]]:
    """(id, kind, period, status) of every item ``due --all`` lists as of the day."""
    result = run_cli("due", "--as-of", as_of, "--format", "json", cwd=repo.root)
    assert result.code in (0, 1), result.stderr
    assert "internal error" not in result.stderr
    items = json.loads(result.stdout)["items"]
    return [(i["id"], i["kind"], i["period"], i["status"]) for i in items]


def findings(repo: GitRepo, as_of: str = "2026-05-15") -> set[tuple[str, str]]:
    """(rule, path) of every validate finding."""
    result = run_cli("validate", "--as-of", as_of, "--format", "json", cwd=repo.root)
    assert "internal error" not in result.stderr, result.stderr
    return {(f["rule"], f["path"]) for f in json.loads(result.stdout)["findings"]}
