"""The binder's governance lines say which governance changes were trusted unjudged."""

from __future__ import annotations

from soc2flow.history import load_history
from soc2flow.loading import WorkTree, load_repository
from soc2flow.render.build import trust_lines
from tests.conftest import GitRepo
from tests.history.conftest import CONFIG, amend_root

SINCE = CONFIG.replace(
    "  independent: true\n", "  independent: true\n  governance_since: 2026-03-01\n"
)


def lines(repo: GitRepo) -> tuple[str, ...]:
    return trust_lines(load_history(repo.root), load_repository(WorkTree(repo.root)).repo)


def test_changes_before_governance_since_are_named_as_trusted(compliance: GitRepo) -> None:
    compliance.write("soc2flow.yaml", SINCE)
    amend_root(compliance)
    compliance.write("soc2flow.yaml", SINCE.replace("Example Corp", "Example Corp."))
    compliance.commit("Rename", author="bob", date="2026-02-01T10:00:00")
    found = lines(compliance)
    assert found[0].startswith("Root of trust: soc2flow.yaml as first committed in ")
    assert found[1] == (
        "Trusted as committed: 1 governance change(s) before 2026-03-01 "
        "(approvals.governance_since), not judged by the governors' approval."
    )
    assert not [line for line in found if line.startswith("Not in force")]


def test_without_governance_since_nothing_is_trusted_unjudged(compliance: GitRepo) -> None:
    compliance.write("soc2flow.yaml", CONFIG.replace("Example Corp", "Example Corp."))
    compliance.commit("Rename", author="bob", date="2026-02-01T10:00:00")
    found = lines(compliance)
    assert not [line for line in found if line.startswith("Trusted as committed")]
    assert [line for line in found if line.startswith("Not in force: soc2flow.yaml changed")]
