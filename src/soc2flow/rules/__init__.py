"""Validation rules and their registry.

Each module listed in RULE_MODULES registers its rules with ``@rule`` when imported.
To add a family of rules (history-based rules, CODEOWNERS), write a module with
``@rule(...)`` functions and add its dotted name to RULE_MODULES.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from soc2flow.diagnostics import Diagnostic
from soc2flow.rules.base import REGISTRY, Hit, Rule, RuleContext, hit, rule

RULE_MODULES = (
    "soc2flow.rules.loader",
    "soc2flow.rules.people",
    "soc2flow.rules.references",
    "soc2flow.rules.criteria",
    "soc2flow.rules.evidence",
    "soc2flow.rules.records",
    "soc2flow.rules.exceptions",
    "soc2flow.rules.registers",
    "soc2flow.rules.codeowners",
    "soc2flow.rules.approvers",
    "soc2flow.rules.history",
    "soc2flow.rules.populations",
    "soc2flow.rules.governance",
    "soc2flow.rules.timeline",
    "soc2flow.rules.dates",
)

__all__ = ["REGISTRY", "Hit", "Rule", "RuleContext", "all_rules", "hit", "rule", "run_rules"]


def all_rules() -> dict[str, Rule]:
    """Every registered rule by ID in RULE_MODULES order (whatever was imported first)."""
    for name in RULE_MODULES:
        importlib.import_module(name)
    order = {name.rsplit(".", 1)[-1]: index for index, name in enumerate(RULE_MODULES)}
    ranked = sorted(REGISTRY.values(), key=lambda r: order.get(r.family, len(order)))
    return {r.id: r for r in ranked}


def run_rules(
    ctx: RuleContext, *, why: str = "no git history", rules: Iterable[Rule] | None = None
) -> tuple[list[Diagnostic], list[str]]:
    """Run every rule (or ``rules``) that can run on ``ctx``; return findings and notes.

    ``why`` says in the note why rules that need history were skipped.
    """
    found: list[Diagnostic] = []
    skipped: list[str] = []
    for item in all_rules().values() if rules is None else rules:
        if item.needs_history and ctx.history is None:
            skipped.append(item.id)
            continue
        found.extend(
            Diagnostic(h.path, h.line, h.column, h.severity or item.severity, item.id, h.message)
            for h in item.run(ctx)
        )
    notes = []
    if skipped:
        notes.append(f"history rules skipped ({why}): {', '.join(skipped)}")
    return found, notes
