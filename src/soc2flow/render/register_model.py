"""The binder's Vendors and Risk register sections, as plain frozen values."""

from __future__ import annotations

from dataclasses import dataclass

from soc2flow.render.fileref import FileRef


@dataclass(frozen=True)
class ReportView:
    type: str
    start: str
    end: str
    opinion: str
    exceptions: int
    file: FileRef | None
    covers: bool  # the report type counts towards coverage
    bridge_to: str = ""
    bridge_file: FileRef | None = None


@dataclass(frozen=True)
class CuecView:
    text: str
    controls: tuple[str, ...]


@dataclass(frozen=True)
class VendorView:
    """One vendor: tier, method, newest report, coverage of the period, review, CUECs."""

    id: str
    name: str
    path: str
    owner: str
    tier: int
    profile: str
    services: str
    subservice: str
    newest: ReportView | None
    reports: tuple[ReportView, ...]
    covered_until: str
    uncovered_days: int  # days of the period (up to as-of) no report covers: a deviation if > 0
    owes_report: bool  # carve-out, inclusive, tier 1, or it lists a covering report
    counted_to: str  # the last day counted (the earlier of the period's end and as-of)
    review: str
    reviewed: str
    next_review: str
    cuecs: tuple[CuecView, ...]
    inherited_by: tuple[str, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RiskControl:
    id: str
    status: str  # its periods in the period as counts, as the control register shows them
    missed: bool


@dataclass(frozen=True)
class RiskView:
    id: str
    title: str
    path: str
    owner: str
    criticality: str
    likelihood: int
    impact: int
    inherent: int
    residual_likelihood: int
    residual_impact: int
    residual: int
    treatment: str
    acceptance: str
    controls: tuple[RiskControl, ...]
    flagged: bool  # a mitigating control missed a period
    review: str
    reviewed: str
    next_review: str
    criteria: tuple[str, ...]
    above_appetite: bool


@dataclass(frozen=True)
class GridCell:
    likelihood: int
    impact: int
    score: int
    inherent: tuple[str, ...]
    residual: tuple[str, ...]


@dataclass(frozen=True)
class RiskGrid:
    """Rows by likelihood 5..1, cells by impact 1..5."""

    rows: tuple[tuple[GridCell, ...], ...]
    appetite: int | None
