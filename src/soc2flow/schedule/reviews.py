"""One-off obligations: exception expiry, retrospective approval, changes awaiting approval."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from soc2flow.domain.cadence import plus_days
from soc2flow.domain.org import People
from soc2flow.domain.seams import PendingGovernance
from soc2flow.domain.terms import terms_of
from soc2flow.loading import Entry
from soc2flow.models import ExceptionItem
from soc2flow.schedule.context import Context, control_subject, exception_subject, policy_subject
from soc2flow.schedule.items import DueItem, Subject, make_item
from soc2flow.schedule.registers import risk_subject, vendor_subject


def retro_open(ctx: Context, exc: ExceptionItem) -> bool:
    """An emergency change owes its retrospective approval until a version is approved."""
    if exc.kind != "emergency-change":
        return False
    return not any(v.approved for v in ctx.versions.get(exc.id, ()))


def exception_items(ctx: Context, entries: Iterable[Entry[ExceptionItem]]) -> list[DueItem]:
    """Each exception's expiry (due on ``expires``) and an emergency change's approval."""
    items = []
    for entry in entries:
        exc = entry.model
        subject = exception_subject(ctx, entry)
        items.append(make_item(subject, "exception-expiry", exc.expires, ctx.as_of))
        if retro_open(ctx, exc):
            due = plus_days(exc.opened, exc.retrospective_approval_days or 0)
            items.append(make_item(subject, "retro-approval", due, ctx.as_of))
    return items


def approvers_of(org: People, item: Any) -> list[str]:
    """Who approves a change, as the history engine decides it (``soc2flow.domain.org``); the
    owner when nobody may."""
    return org.approver_refs(terms_of(item)) or [item.owner]


def _has_approved(org: People, approver: str, done: set[str]) -> bool:
    return bool(done & org.expand([approver]))


def approval_items(ctx: Context, *, dirty: frozenset[str]) -> list[DueItem]:
    """An ``approval-pending`` item per missing approver of each unapproved change.

    A change is unapproved when the item's newest version is not approved, or its file has
    uncommitted changes (never approved). It is due on the change's date plus the profile's
    grace days (as-of for uncommitted changes). An emergency change whose retrospective
    approval is owed shows as ``retro-approval`` instead.
    """
    items: list[DueItem] = []
    tables: list[tuple[dict[str, Any], Any]] = [
        (ctx.repo.policies, policy_subject),
        (ctx.repo.controls, control_subject),
        (ctx.repo.exceptions, exception_subject),
        (ctx.repo.vendors, vendor_subject),
        (ctx.repo.risks, risk_subject),
    ]
    org = People(ctx.config)
    for table, subject_of in tables:
        for entry in table.values():
            if isinstance(entry.model, ExceptionItem) and retro_open(ctx, entry.model):
                continue
            items.extend(_pending(ctx, org, entry, subject_of(ctx, entry), dirty))
    return items


def _pending(
    ctx: Context, org: People, entry: Entry[Any], subject: Subject, dirty: frozenset[str]
) -> list[DueItem]:
    versions = ctx.versions.get(subject.id, ())
    newest = versions[0] if versions else None
    uncommitted = entry.path in dirty or newest is None
    if not uncommitted and newest is not None and newest.approved:
        return []
    changed = ctx.as_of if uncommitted or newest is None else newest.date.date()
    done = (
        set()
        if uncommitted or newest is None
        else {a.who for a in newest.approvals if getattr(a, "counted", True)}
    )
    last = next((v.date.date() for v in versions if v.approved), None)
    due = plus_days(changed, subject.profile.grace_days)
    waiting = [
        who for who in approvers_of(org, entry.model) if not _has_approved(org, who, done)
    ] or [subject.owner]
    return [
        make_item(subject, "approval-pending", due, ctx.as_of, last=last, owner=who)
        for who in waiting
    ]


def governance_items(ctx: Context, pending: Iterable[PendingGovernance]) -> list[DueItem]:
    """An ``approval-pending`` item per governor for each unapproved governance change
    (id: the file's path), due on the change's date plus the ``high`` profile's grace."""
    profile = ctx.profile("high")
    items = []
    for waiting in pending:
        changed = waiting.version.date.date()
        last = None
        due = plus_days(changed, profile.grace_days)
        for who in waiting.governors or ("",):
            subject = Subject(
                waiting.path, f"Governance file {waiting.path}", who, waiting.path, profile
            )
            items.append(
                make_item(subject, "approval-pending", due, ctx.as_of, last=last, owner=who)
            )
    return items
