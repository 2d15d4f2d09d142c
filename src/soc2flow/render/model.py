"""The binder view model: everything the auditor reads, as plain frozen values.

Built once in core (``soc2flow.render.build``); every renderer reads this and
nothing else. Dates are ISO strings and every collection is already sorted, so
that a template cannot introduce an ordering or a clock of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from soc2flow.render.register_model import RiskGrid, RiskView, VendorView


@dataclass(frozen=True)
class FileRef:
    """One file of the binder: a repo path, what it proves and its sha256 at the commit."""

    path: str
    sha256: str
    evidence: str = ""
    recorded: str = ""
    present: bool = True

    @property
    def matches(self) -> bool:
        """The hash recorded in the execution record is the hash of the committed file."""
        return self.present and (not self.recorded or self.recorded == self.sha256)


@dataclass(frozen=True)
class ApprovalView:
    who: str
    provenance: str
    commit: str


@dataclass(frozen=True)
class VersionView:
    """One version of a policy, control or exception."""

    commit: str
    date: str
    author: str
    pr: int | None
    approvals: tuple[ApprovalView, ...]
    approved: bool
    findings: tuple[str, ...]
    in_period: bool = True
    diff: str = ""
    reviewed: str = ""


@dataclass(frozen=True)
class Execution:
    """One execution record: when, by whom, with what result and files."""

    path: str
    performed: str
    performed_by: str
    result: str
    covers: str
    notes: str
    files: tuple[FileRef, ...]


@dataclass(frozen=True)
class Expected:
    """One expected execution of a control in the period and what satisfied it.

    ``status`` is ``complete``, ``late``, ``missed`` or ``open`` (not yet due at the commit).
    """

    period: str
    start: str
    end: str
    due: str
    status: str
    execution: Execution | None = None
    attempts: tuple[Execution, ...] = ()


@dataclass(frozen=True)
class ControlView:
    id: str
    title: str
    path: str
    description: str
    policy: str
    owner: str
    backup: str
    criticality: str
    cadence: str
    criteria: tuple[str, ...]
    evidence: tuple[tuple[str, str], ...]
    expected: tuple[Expected, ...]
    executions: tuple[Execution, ...]
    versions: tuple[VersionView, ...]
    notes: tuple[str, ...] = ()

    @property
    def other(self) -> tuple[Execution, ...]:
        """Executions in the period that answered no expected execution (extra runs)."""
        used = {e.execution.path for e in self.expected if e.execution is not None}
        used |= {a.path for e in self.expected for a in e.attempts}
        return tuple(x for x in self.executions if x.path not in used)

    @property
    def status(self) -> str:
        """The worst status of its expected executions; for an event-driven control,
        ``complete`` when it ran in the period and ``none`` when it did not."""
        if self.expected:
            return worst(e.status for e in self.expected)
        ran = any(x.result in ("pass", "partial") for x in self.executions)
        return "complete" if ran else "none"


@dataclass(frozen=True)
class PolicyView:
    id: str
    title: str
    path: str
    owner: str
    approvers: tuple[str, ...]
    status: str
    criticality: str
    review: str
    reviewed: str
    next_review: str
    criteria: tuple[str, ...]
    body: str
    versions: tuple[VersionView, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExceptionView:
    id: str
    kind: str
    subject: str
    path: str
    reason: str
    risk: str
    owner: str
    opened: str
    expires: str
    compensating: tuple[str, ...]
    versions: tuple[VersionView, ...]
    retro_due: str = ""
    retro_status: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class InheritedView:
    control: str
    title: str
    provider: str
    method: str
    report: FileRef | None
    report_path: str
    review: str
    reviewed: str
    next_review: str
    cuecs: tuple[str, ...]
    vendor: str = ""


@dataclass(frozen=True)
class MatrixRow:
    """One criterion: its controls and how their executions in the period went."""

    framework: str
    criterion: str
    title: str
    controls: tuple[tuple[str, str, int, str], ...]
    policies: tuple[str, ...]
    status: str


@dataclass(frozen=True)
class Summary:
    complete: int = 0
    late: int = 0
    missed: int = 0
    open: int = 0

    @property
    def expected(self) -> int:
        return self.complete + self.late + self.missed + self.open


@dataclass(frozen=True)
class Cover:
    organization: str
    start: str
    end: str
    commit: str
    commit_date: str
    as_of: str
    version: str
    templates: tuple[tuple[str, str], ...]
    summary: Summary
    attention: tuple[str, ...] = ()


@dataclass(frozen=True)
class Binder:
    """The whole audit binder for one period at one commit."""

    cover: Cover
    matrix: tuple[MatrixRow, ...]
    policies: tuple[PolicyView, ...]
    controls: tuple[ControlView, ...]
    exceptions: tuple[ExceptionView, ...]
    inherited: tuple[InheritedView, ...]
    manifest: tuple[FileRef, ...]
    frameworks: tuple[str, ...] = field(default=())
    overrides: tuple[tuple[str, str], ...] = field(default=())
    vendors: tuple[VendorView, ...] = field(default=())
    risks: tuple[RiskView, ...] = field(default=())
    risk_grid: RiskGrid | None = None

    def evidence_paths(self) -> list[str]:
        """Every file of the manifest, sorted: what a zip binder carries beside the documents."""
        return sorted(f.path for f in self.manifest if f.present)


STATUS_ORDER = ("missed", "late", "open", "complete", "none")
STATUS_LABELS = {"none": "no evidence", "not-covered": "not covered", "open": "not yet due"}


def worst(statuses: Iterable[str]) -> str:
    """The most severe of ``statuses`` (missed > late > open > complete), or ``none``."""
    found = set(statuses)
    return next((s for s in STATUS_ORDER if s in found), "none")
