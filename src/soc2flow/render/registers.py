"""Building the binder's Vendors and Risk register sections (SPEC §7.3)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from soc2flow.domain.registers import (
    covered_until,
    inheriting,
    newest_report,
    opinion_problem,
    owes_report,
    uncovered_days,
)
from soc2flow.domain.status import counts, counts_text
from soc2flow.loading import Repository
from soc2flow.models import Risk, Vendor, VendorReport
from soc2flow.models.registers import COVERING_TYPES
from soc2flow.render import controls as ctl
from soc2flow.render.deviations import RANKS
from soc2flow.render.files import FileIndex
from soc2flow.render.model import Deviation, Expected
from soc2flow.render.register_model import (
    CuecView,
    GridCell,
    ReportView,
    RiskControl,
    RiskGrid,
    RiskView,
    VendorView,
)


def report_view(files: FileIndex, report: VendorReport) -> ReportView:
    bridge = report.bridge_letter
    return ReportView(
        type=report.type,
        start=report.period.start.isoformat(),
        end=report.period.end.isoformat(),
        opinion=report.opinion or "",
        exceptions=report.exceptions,
        file=files.ref(report.file, recorded=report.sha256 or "") if report.file else None,
        covers=report.type in COVERING_TYPES,
        bridge_to=bridge.covers_to.isoformat() if bridge else "",
        bridge_file=(
            files.ref(bridge.file, recorded=bridge.sha256 or "") if bridge and bridge.file else None
        ),
    )


def vendor_views(
    repo: Repository,
    files: FileIndex,
    period: tuple[date, date],
    as_of: date,
    reviews: Mapping[str, str],
) -> list[VendorView]:
    """Every vendor, sorted by ID, with the days of the period its reports leave uncovered."""
    start, end = period
    counted_to = min(end, as_of)
    controls = {cid: e.model for cid, e in repo.controls.items()}
    views = []
    for vid, entry in sorted(repo.vendors.items()):
        vendor = entry.model
        reports = tuple(report_view(files, r) for r in vendor.reports)
        newest = newest_report(vendor)
        until = covered_until(vendor)
        owes = owes_report(vendor)
        views.append(
            VendorView(
                id=vid,
                name=vendor.name,
                path=entry.path,
                owner=vendor.owner,
                tier=vendor.tier,
                profile=vendor.criticality,
                services=vendor.services,
                subservice=vendor.subservice,
                newest=report_view(files, newest) if newest else None,
                reports=reports,
                covered_until=until.isoformat() if until else "",
                uncovered_days=uncovered_days(vendor, start, counted_to) if owes else 0,
                owes_report=owes,
                counted_to=counted_to.isoformat(),
                review=ctl.cadence_label(vendor.review),
                reviewed=vendor.reviewed.isoformat() if vendor.reviewed else "",
                next_review=reviews.get(f"vendor:{vid}", ""),
                cuecs=tuple(CuecView(c.text, tuple(c.controls)) for c in vendor.cuecs),
                inherited_by=tuple(inheriting(controls, vid)),
                notes=_vendor_notes(vendor),
            )
        )
    return views


def _vendor_notes(vendor: Vendor) -> tuple[str, ...]:
    problem = opinion_problem(vendor)
    return (f"{problem}.",) if problem else ()


def risk_views(
    repo: Repository,
    expected: Mapping[str, Sequence[Expected]],
    reviews: Mapping[str, str],
) -> list[RiskView]:
    """Every risk, sorted by ID, its controls' status in the period, flagged on a miss."""
    appetite = repo.config.model.risk_appetite if repo.config else None
    views = []
    for rid, entry in sorted(repo.risks.items()):
        risk = entry.model
        linked = tuple(_control_status(cid, expected) for cid in risk.controls)
        views.append(
            RiskView(
                id=rid,
                title=risk.title,
                path=entry.path,
                owner=risk.owner,
                criticality=risk.criticality,
                likelihood=risk.likelihood,
                impact=risk.impact,
                inherent=risk.inherent_score,
                residual_likelihood=_residual(risk)[0],
                residual_impact=_residual(risk)[1],
                residual=risk.residual_score,
                treatment=risk.treatment,
                acceptance=risk.acceptance or "",
                controls=linked,
                flagged=any(c.missed for c in linked),
                review=ctl.cadence_label(risk.review),
                reviewed=risk.reviewed.isoformat() if risk.reviewed else "",
                next_review=reviews.get(f"risk:{rid}", ""),
                criteria=tuple(risk.criteria),
                above_appetite=appetite is not None and risk.residual_score > appetite,
            )
        )
    return views


def _residual(risk: Risk) -> tuple[int, int]:
    if risk.residual is None:
        return risk.likelihood, risk.impact
    return risk.residual.likelihood, risk.residual.impact


def _control_status(cid: str, expected: Mapping[str, Sequence[Expected]]) -> RiskControl:
    rows = expected.get(cid)
    if rows is None:
        return RiskControl(cid, "not-defined", False)
    statuses = [row.status for row in rows]
    return RiskControl(cid, counts_text(counts(statuses)), "missed" in statuses)


def risk_grid(risks: Sequence[RiskView], appetite: int | None) -> RiskGrid:
    """The 5x5 grid: each cell lists the risks whose inherent or residual score lands there."""
    rows = []
    for likelihood in range(5, 0, -1):
        cells = []
        for impact in range(1, 6):
            inherent = tuple(
                r.id for r in risks if (r.likelihood, r.impact) == (likelihood, impact)
            )
            residual = tuple(
                r.id
                for r in risks
                if (r.residual_likelihood, r.residual_impact) == (likelihood, impact)
            )
            cells.append(GridCell(likelihood, impact, likelihood * impact, inherent, residual))
        rows.append(tuple(cells))
    return RiskGrid(tuple(rows), appetite)


def register_deviations(
    vendors: Sequence[VendorView], risks: Sequence[RiskView]
) -> list[Deviation]:
    """Deviations of the registers: vendors whose reports leave days of the period uncovered
    (SPEC §7.2) and risks whose mitigating control missed a period."""
    found = [
        Deviation(
            RANKS["vendor-coverage-gap"],
            "vendor-coverage-gap",
            v.id,
            v.owner,
            v.covered_until or v.counted_to,
            f"{v.uncovered_days} days of the period up to {v.counted_to} are not covered "
            "by a provider report or bridge letter",
            f"vendor-{v.id}",
        )
        for v in vendors
        if v.uncovered_days > 0
    ]
    found += [
        Deviation(
            RANKS["risk-control-missed"],
            "risk-control-missed",
            r.id,
            r.owner,
            "",
            "a mitigating control missed a period "
            f"({', '.join(c.id for c in r.controls if c.missed)})",
            f"risk-{r.id}",
        )
        for r in risks
        if r.flagged
    ]
    return found


@dataclass(frozen=True)
class Sections:
    """The binder's register parts: vendors, risks, the grid, and their deviations."""

    vendors: tuple[VendorView, ...]
    risks: tuple[RiskView, ...]
    grid: RiskGrid
    deviations: tuple[Deviation, ...]

    def binder_fields(self) -> dict[str, Any]:
        """The Binder's register fields."""
        return {"vendors": self.vendors, "risks": self.risks, "risk_grid": self.grid}


def register_sections(
    repo: Repository, files: FileIndex, period: tuple[date, date], as_of: date, plan: Any
) -> Sections:
    """Both register sections from the plan's expected executions and review dates."""
    vendors = vendor_views(repo, files, period, as_of, plan.reviews)
    risks = risk_views(repo, plan.expected, plan.reviews)
    appetite = repo.config.model.risk_appetite if repo.config else None
    return Sections(
        tuple(vendors),
        tuple(risks),
        risk_grid(risks, appetite),
        tuple(register_deviations(vendors, risks)),
    )
