"""When evidence was recorded, and what the audit covers (SPEC §7.1, §7.3).

A record's recorded date is the committer date of the first-parent commit that added
its record.yaml, read from the one history pass (``RepoHistory.first_change``).
"""

from __future__ import annotations

from collections.abc import Iterator

from soc2flow.diagnostics import Severity
from soc2flow.domain.recorded import Recorded, recorded_of, within_days
from soc2flow.loading.source import CONFIG
from soc2flow.rules.base import Hit, RuleContext, hit, rule

E, W = Severity.ERROR, Severity.WARNING


def _recorded(ctx: RuleContext) -> dict[str, Recorded | None]:
    """Each record's recorded date, computed once for both timeline rules."""
    found: dict[str, Recorded | None] | None = ctx.extras.get("timeline.recorded")
    if found is None:
        assert ctx.history is not None
        found = ctx.extras["timeline.recorded"] = {
            e.path: recorded_of(ctx.history, e.path, e.model.performed) for e in ctx.repo.records
        }
    return found


def _criticality(ctx: RuleContext, item_id: str) -> str:
    for table in (ctx.repo.controls, ctx.repo.policies):
        entry = table.get(item_id)
        if entry is not None:
            return str(entry.model.criticality)
    return "medium"


@rule(
    "evidence-recorded-late",
    W,
    fails="a high control's record performed 2026-03-02 is committed on 2026-03-20 (7 days allowed)",
    passes="the record committed on 2026-03-05, or performed before `adopted` (migrated)",
    needs_history=True,
)
def evidence_recorded_late(ctx: RuleContext) -> Iterator[Hit]:
    """Records are committed within their profile's record_within_days of being performed."""
    if ctx.history is None:
        return
    config = ctx.config
    adopted = config.adopted if config else None
    dates = _recorded(ctx)
    for entry in ctx.repo.records:
        record = entry.model
        if adopted is not None and record.performed < adopted:
            continue
        recorded = dates[entry.path]
        limit = within_days(config, _criticality(ctx, record.control))
        if recorded is not None and recorded.lag_days > limit:
            yield hit(
                entry,
                ("performed",),
                f"performed {record.performed} but recorded {recorded.date} in "
                f"{recorded.commit[:12]}, {recorded.lag_days} days later (the profile allows "
                f"{limit}); commit evidence when the work is done",
            )


@rule(
    "evidence-performed-future",
    E,
    fails="a record committed on 2026-03-02 says `performed: 2026-03-10`",
    passes="a record committed on 2026-03-10 or later says `performed: 2026-03-10`",
    needs_history=True,
)
def evidence_performed_future(ctx: RuleContext) -> Iterator[Hit]:
    """No record claims to have been performed after the commit that recorded it."""
    if ctx.history is None:
        return
    dates = _recorded(ctx)
    for entry in ctx.repo.records:
        record = entry.model
        recorded = dates[entry.path]
        if recorded is not None and recorded.lag_days < 0:
            yield hit(
                entry,
                ("performed",),
                f"performed {record.performed} is after the record was committed on "
                f"{recorded.date} in {recorded.commit[:12]}; a record states work already done",
            )


@rule(
    "scope-missing",
    W,
    fails="soc2flow.yaml without `scope:` (every TSC category counts as in scope)",
    passes="`scope: {categories: [security, availability], system: system.md}`",
)
def scope_missing(ctx: RuleContext) -> Iterator[Hit]:
    """soc2flow.yaml names the TSC categories in scope and the system description."""
    config = ctx.repo.config
    if config is not None and config.model.scope is None:
        yield Hit(
            CONFIG,
            1,
            1,
            "soc2flow.yaml has no scope, so every TSC category counts as in scope; add "
            "scope: {categories: [...], system: system.md}",
        )


@rule(
    "system-missing",
    E,
    fails="`scope: {system: system.md}` and no system.md in the repository",
    passes="system.md committed beside soc2flow.yaml",
)
def system_missing(ctx: RuleContext) -> Iterator[Hit]:
    """The system description that scope.system names exists."""
    config = ctx.repo.config
    scope = config.model.scope if config is not None else None
    if config is None or scope is None or scope.system is None:
        return
    if not ctx.source_has(scope.system):
        yield hit(
            config,
            ("scope", "system"),
            f"the system description {scope.system!r} is not in the repository; write it "
            "(Markdown) or correct scope.system",
        )
