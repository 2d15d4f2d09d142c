"""The binder view model: everything the auditor reads, as plain frozen values.

Built once in core (``soc2flow.render.build``); every renderer reads this and
nothing else. Dates are ISO strings and every collection is already sorted, so
that a template cannot introduce an ordering or a clock of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from soc2flow.render.fileref import FileRef
from soc2flow.render.register_model import RiskGrid, RiskView, VendorView


@dataclass(frozen=True)
class ApprovalView:
    who: str
    provenance: str
    commit: str
    note: str = ""  # why it does not count ("asserted, not counted"), or how it was recorded


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
    recorded_commit: str = ""
    recorded_date: str = ""
    lag_days: int | None = None
    label: str = ""
    invalid: str = ""
    """The rule that voids this record's evidence (evidence invalid), or empty."""


@dataclass(frozen=True)
class Expected:
    """One expected execution of a control in the period and what satisfied it.

    ``status`` is one of ``soc2flow.domain.status.PERIOD_STATUSES`` as of the source commit.
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
    counts: tuple[tuple[str, int], ...] = ()
    recorded: int | None = None
    effective: str = ""

    @property
    def status(self) -> str:
        """The counts as text: ``3 on time · 1 late``, or ``2 recorded · no population``."""
        from soc2flow.domain.status import counts_text

        return counts_text(dict(self.counts), self.recorded)

    @property
    def other(self) -> tuple[Execution, ...]:
        """Executions in the period that answered no expected execution (extra runs)."""
        used = {e.execution.path for e in self.expected if e.execution is not None}
        used |= {a.path for e in self.expected for a in e.attempts}
        return tuple(x for x in self.executions if x.path not in used)


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
    retro_in_time: bool = False  # the retrospective approval landed by its due date
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
class Deviation:
    """One thing that went wrong in the period, with whom it belongs to and where it is shown.

    ``rank`` orders by severity (0 first); ``anchor`` is the id of the place in the binder.
    """

    rank: int
    rule: str
    item: str
    owner: str
    date: str
    text: str
    anchor: str


@dataclass(frozen=True)
class SystemView:
    """The system description: its file's Markdown, subservice organisations and CUECs."""

    path: str
    body: str
    present: bool
    subservices: tuple[tuple[str, str, str, str], ...]  # name, method, item, anchor
    cuecs: tuple[tuple[str, tuple[str, ...]], ...]


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
    """Expected periods of every control, counted by status."""

    on_time: int = 0
    late: int = 0
    partial: int = 0
    missed: int = 0
    upcoming: int = 0

    @property
    def expected(self) -> int:
        return self.on_time + self.late + self.partial + self.missed + self.upcoming


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
    attention: tuple[Deviation, ...] = ()
    deviations: int = 0
    adopted: str = ""
    trust: tuple[str, ...] = ()  # the root of trust and governance changes not in force


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
    deviations: tuple[Deviation, ...] = field(default=())
    out_of_scope: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())
    system: SystemView | None = None
    vendors: tuple[VendorView, ...] = field(default=())
    risks: tuple[RiskView, ...] = field(default=())
    risk_grid: RiskGrid | None = None

    def evidence_paths(self) -> list[str]:
        """Every file of the manifest, sorted: what a zip binder carries beside the documents."""
        return sorted(f.path for f in self.manifest if f.present)


STATUS_LABELS = {
    "on-time": "on time",
    "on-track": "on track",
    "not-yet-due": "not yet due",
    "out-of-scope": "out of scope",
}
# The legend of the binder: every status word and what it means (docs/status.md).
LEGEND = (
    ("on-time", "satisfied by a record performed by its due date"),
    ("late", "satisfied by a record performed after its due date"),
    ("partial", "satisfied only by a partial result: a deviation, not on time"),
    ("missed", "due before the as-of date and not satisfied"),
    ("upcoming", "due on or after the as-of date and not satisfied yet"),
    ("on-track", "criterion: every period due so far was on time"),
    ("not-yet-due", "criterion: none of its controls had anything due yet"),
    ("gap", "criterion: no control in scope maps it"),
    ("out-of-scope", "criterion of a TSC category not in scope"),
)
