"""The rule registry: stable IDs, documentation in step, examples present."""

from __future__ import annotations

import re
from pathlib import Path

from soc2flow.rules import all_rules
from soc2flow.rules.doc import render

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_rule_ids_are_kebab_case_and_documented_with_examples() -> None:
    for rule in all_rules().values():
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", rule.id), rule.id
        assert rule.summary and rule.fails and rule.passes, rule.id


def test_docs_rules_table_is_in_step_with_the_registry() -> None:
    """Regenerate with: python -m soc2flow.rules.doc > docs/rules.md"""
    assert DOCS.read_text("utf-8") == render()


def test_every_rule_has_a_row_in_the_table() -> None:
    text = DOCS.read_text("utf-8")
    missing = [r for r in all_rules() if f"| `{r}` |" not in text]
    assert missing == []
