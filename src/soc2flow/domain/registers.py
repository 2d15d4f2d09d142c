"""What the vendor and risk registers mean (SPEC §7.3): pure functions of the models.

A vendor's coverage is the union of its covering reports' periods, each extended to its
bridge letter's ``covers_to``; only ``soc2-type2``, ``soc1-type2`` and ``iso27001``
reports cover. The report with the latest period end is the one whose opinion and
exceptions are judged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from soc2flow.models import Control, Vendor, VendorReport
from soc2flow.models.items import Inherited
from soc2flow.models.registers import COVERING_TYPES

Span = tuple[date, date]
ADVERSE_OPINIONS = frozenset({"qualified", "adverse", "disclaimer"})


def report_span(report: VendorReport) -> Span:
    """The days a report vouches for: its period, extended by its bridge letter."""
    end = report.period.end
    if report.bridge_letter is not None and report.bridge_letter.covers_to > end:
        end = report.bridge_letter.covers_to
    return report.period.start, end


def coverage(vendor: Vendor) -> list[Span]:
    """The union of the covering reports' spans, merged, in date order."""
    spans = sorted(report_span(r) for r in vendor.reports if r.type in COVERING_TYPES)
    merged: list[Span] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def covered_until(vendor: Vendor) -> date | None:
    """The latest day of the vendor's coverage, or None when no report covers."""
    spans = coverage(vendor)
    return spans[-1][1] if spans else None


def uncovered_days(vendor: Vendor, start: date, end: date) -> int:
    """Days of ``start..end`` no covering report vouches for (0 when ``end < start``)."""
    if end < start:
        return 0
    covered = 0
    for low, high in coverage(vendor):
        low, high = max(low, start), min(high, end)
        if low <= high:
            covered += (high - low).days + 1
    return (end - start).days + 1 - covered


def owes_report(vendor: Vendor) -> bool:
    """Whether the vendor owes a ``vendor-report``: it lists a covering report, or it is a
    carve-out, inclusive or tier-1 vendor."""
    if any(r.type in COVERING_TYPES for r in vendor.reports):
        return True
    return vendor.subservice != "none" or vendor.tier == 1


def newest_report(vendor: Vendor) -> VendorReport | None:
    """The report with the latest period end (the first listed on ties)."""
    best: VendorReport | None = None
    for report in vendor.reports:
        if best is None or report.period.end > best.period.end:
            best = report
    return best


def opinion_problem(vendor: Vendor) -> str | None:
    """What is wrong with the newest report's opinion or exceptions, or None."""
    report = newest_report(vendor)
    if report is None:
        return None
    found = []
    if report.opinion in ADVERSE_OPINIONS:
        found.append(f"a {report.opinion} opinion")
    if report.exceptions > 0:
        found.append(f"{report.exceptions} exception(s)")
    if not found:
        return None
    return f"the {report.type} report ending {report.period.end} has {' and '.join(found)}"


@dataclass(frozen=True)
class Reliance:
    """An inherited control's terms, resolved through its vendor when it names one."""

    provider: str
    method: str
    report: str | None
    reviewed: date | None
    cuecs: tuple[str, ...]
    vendor: str | None


def reliance(inherited: Inherited, vendors: Mapping[str, Vendor]) -> Reliance:
    """The provider, method, report, review date and CUECs an inherited block stands for."""
    vendor = vendors.get(inherited.vendor) if inherited.vendor else None
    if vendor is None:
        return Reliance(
            inherited.provider or inherited.vendor or "",
            inherited.method or "",
            inherited.report,
            inherited.reviewed,
            tuple(inherited.cuecs),
            inherited.vendor,
        )
    newest = newest_report(vendor)
    return Reliance(
        inherited.provider or vendor.name,
        inherited.method or vendor.subservice,
        inherited.report or (newest.file if newest else None),
        inherited.reviewed or vendor.reviewed,
        tuple(inherited.cuecs) or tuple(c.text for c in vendor.cuecs),
        vendor.id,
    )


def inheriting(controls: Mapping[str, Control], vendor_id: str) -> list[str]:
    """IDs of the controls whose ``inherited`` names the vendor, sorted."""
    return sorted(
        cid
        for cid, c in controls.items()
        if c.inherited is not None and c.inherited.vendor == vendor_id
    )
