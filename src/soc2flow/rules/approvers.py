"""Whether each item can be approved at all, read from the files alone.

The history rules judge each change after the fact (``insufficient-approvals``); this
rule catches, in the pull request that introduces it, an item whose profile asks for
more approvals than there are active people allowed to give them.
"""

from __future__ import annotations

from collections.abc import Iterator

from soc2flow.diagnostics import Severity
from soc2flow.domain.judging import approval_rule
from soc2flow.domain.org import People
from soc2flow.domain.terms import terms_of
from soc2flow.rules.base import Hit, RuleContext, hit, rule


@rule(
    "approvers-too-few",
    Severity.WARNING,
    fails="`criticality: high` (2 approvals) with `approvers: [carol]`",
    passes="`criticality: high` with `approvers: [carol, alice]`",
)
def approvers_too_few(ctx: RuleContext) -> Iterator[Hit]:
    """Each item names at least as many active approvers as its profile's approval count."""
    config = ctx.config
    if config is None:
        return
    people = People(config)
    for table in ctx.repo.tables():
        for entry in table.values():
            approval = approval_rule(terms_of(entry.model), people, config)
            able = sorted(p for p in approval.allowed if people.active_on(p, ctx.as_of))
            if len(able) >= approval.required:
                continue
            keys = ("approvers",) if entry.model.approvers else ("owner",)
            who = f"only {', '.join(able)} may give one" if able else "nobody may give one"
            yield hit(
                entry,
                keys,
                f"{entry.model.id} needs {approval.required} approval(s) but {who}; "
                "name more active people under 'approvers'",
            )
