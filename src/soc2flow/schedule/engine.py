"""The obligation engine: every open obligation of a repository as of one date (SPEC §5).

A pure function of the loaded repository, its item versions, what history says about
first commits and uncommitted files, and the as-of date. No clock, no environment.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from soc2flow.domain.cadence import OnChange, schedule_of
from soc2flow.domain.cadence import plus_days as plus
from soc2flow.domain.seams import PendingGovernance
from soc2flow.loading import Entry, Repository
from soc2flow.models import Control, PerPerson, Policy
from soc2flow.schedule.context import (
    Context,
    HistoryView,
    Versions,
    control_subject,
    grace_of,
    last_review,
    not_future,
    policy_subject,
)
from soc2flow.schedule.items import DueItem, DueReport, make_item, sorted_report
from soc2flow.schedule.owed import recurring_items
from soc2flow.schedule.registers import risk_items, vendor_items
from soc2flow.schedule.reviews import approval_items, exception_items, governance_items


def compute_due(
    repo: Repository,
    versions: Versions,
    history: HistoryView,
    as_of: date,
    governance: Iterable[PendingGovernance] = (),
) -> DueReport:
    """Every open obligation as of ``as_of``, sorted: overdue first, then due, id, kind.

    ``governance``: the unapproved governance changes (``history.governance.pending``).
    """
    config = repo.config.model if repo.config else None
    ctx = Context(repo, config, versions, history, as_of)
    items: list[DueItem] = []
    for control in repo.controls.values():
        items.extend(control_items(ctx, control))
    for policy in repo.policies.values():
        items.extend(policy_items(ctx, policy))
    items.extend(exception_items(ctx, list(repo.exceptions.values())))
    for vendor in repo.vendors.values():
        items.extend(vendor_items(ctx, vendor))
    for risk in repo.risks.values():
        items.extend(risk_items(ctx, risk))
    items.extend(approval_items(ctx, dirty=frozenset(history.dirty_paths())))
    items.extend(governance_items(ctx, governance))
    return sorted_report(as_of, items)


def control_items(ctx: Context, entry: Entry[Control]) -> list[DueItem]:
    """Executions owed, remediation, evidence missing, and the reliance review."""
    control = entry.model
    subject = control_subject(ctx, entry)
    required = [e.id for e in control.evidence]
    grace = grace_of(ctx, control)
    start = ctx.start(entry.path, control.effective)
    if isinstance(control.cadence, PerPerson):
        from soc2flow.schedule.populations import person_items

        return person_items(ctx, entry)
    items = recurring_items(
        subject,
        "control-execution",
        schedule_of(control.cadence),
        required,
        ctx.records_of(control.id),
        start,
        ctx.as_of,
        grace,
        ctx.history.committed,
    )
    inherited = control.inherited
    if inherited is not None and inherited.vendor is None:  # else the vendor-review is it
        schedule = schedule_of(inherited.review)
        if not isinstance(schedule, OnChange):
            reviewed = not_future(inherited.reviewed, ctx.as_of)
            base = reviewed or ctx.first_seen(entry.path)
            due = plus(schedule.next_after(base), grace)
            items.append(make_item(subject, "reliance-review", due, ctx.as_of, last=reviewed))
    return items


def policy_items(ctx: Context, entry: Entry[Policy]) -> list[DueItem]:
    """An active policy's next review and, when it asks for one, staff acknowledgment."""
    policy = entry.model
    if policy.status != "active":
        return []
    subject = policy_subject(ctx, entry)
    grace = subject.profile.grace_days
    items: list[DueItem] = []
    schedule = schedule_of(policy.review)
    if not isinstance(schedule, OnChange):
        last = last_review(ctx, entry)
        due = plus(
            schedule.next_after(last or policy.effective or ctx.first_seen(entry.path)), grace
        )
        items.append(make_item(subject, "policy-review", due, ctx.as_of, last=last))
    if policy.acknowledge is not None:
        from soc2flow.schedule.acknowledgements import acknowledgment_items

        items.extend(acknowledgment_items(ctx, entry, subject))
    return items


__all__ = ["compute_due", "control_items", "last_review", "policy_items"]
