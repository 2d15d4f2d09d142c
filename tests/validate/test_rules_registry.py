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


def test_history_rules_run_only_with_history() -> None:
    from datetime import date

    from soc2flow.diagnostics import Severity
    from soc2flow.loading import Repository, WorkTree
    from soc2flow.rules import REGISTRY, Hit, RuleContext, run_rules
    from soc2flow.rules.base import Rule

    def check(ctx: RuleContext) -> list[Hit]:
        return [Hit("controls/X.yaml", 3, 1, f"history is {ctx.history}")]

    probe = Rule("probe-history", Severity.WARNING, "Probe.", "f", "p", check, needs_history=True)
    all_rules()
    REGISTRY[probe.id] = probe
    try:
        ctx = RuleContext(Repository(), WorkTree(DOCS.parent), date(2026, 4, 1))
        found, notes = run_rules(ctx, why="not a git repository")
        assert [d.rule for d in found] == []
        assert notes[0].startswith("history rules skipped (not a git repository): ")
        assert notes[0].endswith(", probe-history")
        ctx.history = "H"  # type: ignore[assignment]  # any value: the runner only checks it is set
        found, notes = run_rules(ctx, rules=[probe])
        assert [(d.rule, d.severity, d.message) for d in found if d.rule == "probe-history"] == [
            ("probe-history", Severity.WARNING, "history is H")
        ]
    finally:
        del REGISTRY[probe.id]
