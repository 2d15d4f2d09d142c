"""Exceptions: open for a bounded, sensible window."""

from __future__ import annotations

from collections.abc import Iterator

from soc2flow.diagnostics import Severity
from soc2flow.rules.base import Hit, RuleContext, hit, rule

E, W = Severity.ERROR, Severity.WARNING


@rule(
    "exception-expired",
    E,
    fails="`expires: 2026-03-31` validated with `--as-of 2026-04-01`",
    passes="`expires: 2026-07-01` validated with `--as-of 2026-04-01`",
)
def exception_expired(ctx: RuleContext) -> Iterator[Hit]:
    """Exceptions have not expired as of the validation date (renew or close them)."""
    for exc in ctx.repo.exceptions.values():
        expires = exc.model.expires
        if ctx.as_of > expires:
            yield hit(
                exc,
                ("expires",),
                f"exception expired on {expires} (as of {ctx.as_of}); "
                "renew it with a new expiry or remove it",
            )


@rule(
    "exception-dates-invalid",
    E,
    fails="`opened: 2026-04-02`, `expires: 2026-03-01`",
    passes="`opened: 2026-04-02`, `expires: 2026-07-01`",
)
def exception_dates_invalid(ctx: RuleContext) -> Iterator[Hit]:
    """An exception expires after it was opened."""
    for exc in ctx.repo.exceptions.values():
        model = exc.model
        if model.expires < model.opened:
            yield hit(
                exc, ("expires",), f"expires ({model.expires}) is before opened ({model.opened})"
            )


@rule(
    "retro-approval-days",
    E,
    fails="`kind: emergency-change` without `retrospective_approval_days`",
    passes="`kind: emergency-change`, `retrospective_approval_days: 5`",
)
def retro_approval_days(ctx: RuleContext) -> Iterator[Hit]:
    """Emergency changes say when their approval is owed; other kinds do not."""
    for exc in ctx.repo.exceptions.values():
        model = exc.model
        emergency = model.kind == "emergency-change"
        if emergency and model.retrospective_approval_days is None:
            yield hit(
                exc,
                ("kind",),
                "an emergency change needs retrospective_approval_days "
                "(days after opened by which it is approved)",
            )
        elif not emergency and model.retrospective_approval_days is not None:
            yield hit(
                exc,
                ("retrospective_approval_days",),
                "retrospective_approval_days applies only to kind: emergency-change",
            )
