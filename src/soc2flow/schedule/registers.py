"""Obligations of the vendor and risk registers: reviews and providers' reports (SPEC §7.3)."""

from __future__ import annotations

from typing import Any

from soc2flow.domain.cadence import OnChange, schedule_of
from soc2flow.domain.cadence import plus_days as plus
from soc2flow.domain.registers import covered_until, owes_report
from soc2flow.loading import Entry
from soc2flow.models import Risk, Vendor
from soc2flow.schedule.context import Context, last_review
from soc2flow.schedule.items import DueItem, Kind, Subject, make_item


def vendor_subject(ctx: Context, entry: Entry[Vendor]) -> Subject:
    vendor = entry.model
    chain = ctx.org.escalation_chain(vendor.owner)
    profile = ctx.profile(vendor.criticality)
    return Subject(vendor.id, vendor.name, vendor.owner, entry.path, profile, tuple(chain))


def risk_subject(ctx: Context, entry: Entry[Risk]) -> Subject:
    risk = entry.model
    chain = ctx.org.escalation_chain(risk.owner)
    profile = ctx.profile(risk.criticality)
    return Subject(risk.id, risk.title, risk.owner, entry.path, profile, tuple(chain))


def review_item(ctx: Context, entry: Entry[Any], subject: Subject, kind: Kind) -> list[DueItem]:
    """The policy-review rule: one cadence interval after the last review (or first commit),
    plus the profile's grace; an approved change counts with ``count_changes_as_review``."""

    schedule = schedule_of(entry.model.review)
    if isinstance(schedule, OnChange):
        return []
    last = last_review(ctx, entry)
    due = plus(schedule.next_after(last or ctx.first_seen(entry.path)), subject.profile.grace_days)
    return [make_item(subject, kind, due, ctx.as_of, last=last)]


def vendor_items(ctx: Context, entry: Entry[Vendor]) -> list[DueItem]:
    """The vendor review, and the provider's next report when the vendor owes one.

    ``vendor-report`` is due on the latest day the vendor's reports (with their bridge
    letters) cover, without grace; a vendor that owes reports and has none owes one from
    the audit period's start (else from its first commit).
    """
    subject = vendor_subject(ctx, entry)
    items = review_item(ctx, entry, subject, "vendor-review")
    vendor = entry.model
    if owes_report(vendor):
        until = covered_until(vendor)
        if until is None:
            audit = ctx.config.audit if ctx.config else None
            due = audit.period.start if audit else ctx.first_seen(entry.path)
            items.append(make_item(subject, "vendor-report", due, ctx.as_of))
        else:
            items.append(make_item(subject, "vendor-report", until, ctx.as_of, last=until))
    return items


def risk_items(ctx: Context, entry: Entry[Risk]) -> list[DueItem]:
    """The risk review (the policy-review rule, profile by criticality)."""
    return review_item(ctx, entry, risk_subject(ctx, entry), "risk-review")
