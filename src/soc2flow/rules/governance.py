"""Governance rules: trust roots change only by the governors' approval (SPEC §7.6)."""

from __future__ import annotations

from collections.abc import Iterator

from soc2flow.diagnostics import Severity
from soc2flow.rules.base import Hit, RuleContext, rule


@rule(
    "governance-unapproved",
    Severity.WARNING,
    fails="a direct commit sets `approvals: 0` in soc2flow.yaml with no governor's approval",
    passes="the change merged through a pull request that two team leads approved (signed or "
    "pr-review)",
    needs_history=True,
)
def governance_unapproved(ctx: RuleContext) -> Iterator[Hit]:
    """A change of soc2flow.yaml, people.csv, the allowed-signers file or CODEOWNERS is approved by governors."""
    governance = ctx.governance
    if governance is None:
        return
    for version in governance.unapproved:
        message = version.messages[0].removeprefix(f"{version.path} ")
        for path in sorted(set(version.paths) & set(governance.paths)):
            yield Hit(path, 1, 1, f"{path} {message} (this change is not in force)")
