"""The example corpus: the valid repository is clean; each invalid case gives exactly its findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from soc2flow.rules import all_rules
from soc2flow.usecases.validate import validate
from tests.validate.corpus import AS_OF, VALID, Case, cases

CASES = cases()


def test_valid_repository_has_no_findings() -> None:
    result = validate(VALID, as_of=AS_OF, use_history=False)
    assert result.findings == []
    assert result.files == 14


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_case_reports_its_findings(case: Case, tmp_path: Path) -> None:
    root = case.build(tmp_path / "repo")
    result = validate(root, as_of=case.as_of, use_history=False)
    found = {(d.rule, d.path, d.line) for d in result.findings}
    assert found == case.findings()
    assert case.rule in {d.rule for d in result.findings}


def test_every_rule_has_an_invalid_case() -> None:
    """A rule without history needs a corpus case named after it (history rules test on git)."""
    covered = {c.rule for c in CASES}
    missing = [r.id for r in all_rules().values() if not r.needs_history and r.id not in covered]
    assert missing == []
