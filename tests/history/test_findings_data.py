"""A version's findings carry data (rule, key path); validate places them by it."""

from __future__ import annotations

import json

from soc2flow.domain.judging import Finding, Version
from soc2flow.history import load_history
from soc2flow.history.approvals import item_versions
from soc2flow.loading import WorkTree, load_repository
from tests.conftest import GitRepo, run_cli
from tests.history.conftest import control, policy

INHERITED = """\
inherited:
  provider: Nimbus Cloud
  method: carve-out
  review: annual
  reviewed: {reviewed}
"""


def _versions(repo: GitRepo, item: str) -> list[Version]:
    history = load_history(repo.root)
    return item_versions(load_repository(WorkTree(repo.root)).repo, history)[item]


def test_each_finding_names_its_rule_and_key_path(compliance: GitRepo) -> None:
    compliance.write("policies/access.md", policy(owner="dave", reviewed="2025-11-01"))
    compliance.write("controls/AC-01.yaml", control() + INHERITED.format(reviewed="2026-03-01"))
    compliance.commit("Edit", author="bob", date="2026-02-01T10:00:00")
    [newest, _] = _versions(compliance, "POL-ACCESS")
    assert [(p.rule, p.keys) for p in newest.problems] == [
        ("insufficient-approvals", ()),
        ("backdated-review", ("reviewed",)),
        ("owner-changed", ("owner",)),
    ]
    assert newest.findings == tuple(p.rule for p in newest.problems)
    assert newest.messages == tuple(p.message for p in newest.problems)
    [newest, _] = _versions(compliance, "AC-01")
    backdated = [p for p in newest.problems if p.rule == "backdated-review"]
    assert backdated == [
        Finding(
            "backdated-review",
            "inherited.reviewed: 2026-03-01 is later than the commit that set it (2026-02-01)",
            ("inherited", "reviewed"),
        )
    ]


def test_validate_places_findings_at_their_keys(compliance: GitRepo) -> None:
    compliance.write("controls/AC-01.yaml", control() + INHERITED.format(reviewed="2026-03-01"))
    message = "Edit\n\nReviewed-by: Bob Stone <bob@example.com>"  # bob may not approve it
    compliance.commit(message, author="alice", date="2026-02-01T10:00:00")
    result = run_cli("validate", "--format", "json", "--as-of", "2026-02-02", cwd=compliance.root)
    found = json.loads(result.stdout)["findings"]
    [hit] = [f for f in found if f["rule"] == "backdated-review"]
    lines = (compliance.root / "controls/AC-01.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[hit["line"] - 1].strip() == "reviewed: 2026-03-01"
    [unapproved] = [
        f for f in found if f["rule"] == "insufficient-approvals" and f["path"] == hit["path"]
    ]
    assert lines[unapproved["line"] - 1].startswith("id: AC-01")
