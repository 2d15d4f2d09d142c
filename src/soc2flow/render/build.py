"""Building the binder view model for one period at one commit (no I/O in templates)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, NamedTuple, Protocol

from soc2flow import __version__
from soc2flow.domain.registers import reliance
from soc2flow.domain.retro import retrospective
from soc2flow.domain.status import PERIOD_STATUSES, counts
from soc2flow.loading import Entry, Repository
from soc2flow.loading.source import CONFIG, FileSource
from soc2flow.models import Control, ExceptionItem, Policy
from soc2flow.render import controls as ctl
from soc2flow.render.deviations import ATTENTION, deviations
from soc2flow.render.files import FileIndex
from soc2flow.render.model import (
    Binder,
    ControlView,
    Cover,
    Deviation,
    ExceptionView,
    Expected,
    InheritedView,
    MatrixRow,
    PolicyView,
    Summary,
)
from soc2flow.render.recording import Recording
from soc2flow.render.registers import register_sections
from soc2flow.render.system import system_view
from soc2flow.render.versions import Blobs, day, version_views

if TYPE_CHECKING:
    from soc2flow.domain.changes import Change
    from soc2flow.domain.judging import Version

Progress = Callable[[str], None]


class History(Blobs, Protocol):
    """What the binder reads of git: the head, its files, and each file's changes."""

    head: str

    def tree_source(self) -> FileSource: ...

    def changes(self, path: str) -> Sequence[Change]: ...


@dataclass(frozen=True)
class Plan:
    """What the schedule says for the period: expected executions and next review dates."""

    expected: Mapping[str, Sequence[Expected]] = field(default_factory=dict)
    reviews: Mapping[str, str] = field(default_factory=dict)
    recording: Recording | None = None


@dataclass
class _Context:
    repo: Repository
    history: History
    versions: Mapping[str, Sequence[Version]]
    start: date
    end: date
    as_of: date
    files: FileIndex

    def paths(self, path: str) -> dict[str, str]:
        return {c.commit: c.path for c in self.history.changes(path)}

    def versions_of(self, item_id: str) -> Sequence[Version]:
        return self.versions.get(item_id, [])

    def in_force(self, item_id: str) -> bool:
        """The item existed during the period: its first version is not after its end."""
        versions = self.versions_of(item_id)
        return not versions or day(versions[-1].date) <= self.end


def trust_lines(history: History, repo: Repository) -> tuple[str, ...]:
    """The root of trust and the governance changes that are not in force (SPEC §7.6)."""
    from soc2flow.history.governance import governance_of
    from soc2flow.history.repo_history import RepoHistory

    if not isinstance(history, RepoHistory):
        return ()
    governance = governance_of(history, repo.config.model if repo.config else None)
    lines = []
    if governance.root is not None:
        root = governance.root
        lines.append(
            f"Root of trust: soc2flow.yaml as first committed in {root.commit[:12]} "
            f"on {day(root.date).isoformat()}."
        )
    since = governance.current.since
    if since is not None:
        root_commit = governance.root.commit if governance.root else None
        trusted = [
            v for v in governance.judged.values() if v.commit != root_commit and day(v.date) < since
        ]
        lines.append(
            f"Trusted as committed: {len(trusted)} governance change(s) before {since.isoformat()} "
            "(approvals.governance_since), not judged by the governors' approval."
        )
    lines.extend(f"Not in force: {v.messages[0]}." for v in governance.unapproved)
    return tuple(lines)


def build_binder(
    repo: Repository,
    history: History,
    versions: Mapping[str, Sequence[Version]],
    period: tuple[date, date],
    *,
    commit_date: date,
    plan: Plan,
    frameworks: Mapping[str, Mapping[str, str]],
    overrides: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    files: FileIndex | None = None,
) -> Binder:
    """The binder for ``period`` of the repository ``repo`` read at ``history.head``.

    ``frameworks`` maps each framework to its criteria titles in catalogue order;
    ``overrides`` are the repository's template overrides by name; ``files`` the index
    of committed files already hashed for the plan (its files join the manifest).
    """
    start, end = period
    tick = progress or (lambda _: None)
    as_of = commit_date
    index = files or FileIndex(history.tree_source())
    ctx = _Context(repo, history, versions, start, end, as_of, index)
    if repo.config is not None:
        ctx.files.ref(CONFIG)
    policies = _policies(ctx, plan, tick)
    controls = _controls(ctx, plan, tick)
    rows, skipped = _matrix(ctx, controls, frameworks)
    exceptions = _exceptions(ctx, tick)
    inherited = _inherited(ctx, plan)
    system = system_view(repo, ctx.files)
    registers = register_sections(repo, ctx.files, period, as_of, plan)
    views = [view for _, view in controls]
    found = deviations(
        policies, views, exceptions, as_of.isoformat(), end.isoformat(), registers.deviations
    )
    used = dict(sorted((overrides or {}).items()))
    cover = _cover(ctx, used, views, found)
    return Binder(
        cover=cover,
        matrix=tuple(rows),
        policies=tuple(policies),
        controls=tuple(views),
        exceptions=tuple(exceptions),
        inherited=tuple(inherited),
        manifest=tuple(f for f in ctx.files.used() if f.present),
        frameworks=tuple(frameworks),
        overrides=tuple(used.items()),
        deviations=found,
        out_of_scope=tuple(skipped),
        system=system,
        **registers.binder_fields(),
    )


def _cover(
    ctx: _Context,
    used: Mapping[str, str],
    views: Sequence[ControlView],
    found: Sequence[Deviation],
) -> Cover:
    """The cover: what was read, the counts by status and the first deviations."""
    repo = ctx.repo
    adopted = repo.config.model.adopted if repo.config else None
    return Cover(
        organization=repo.config.model.organization if repo.config else "",
        start=ctx.start.isoformat(),
        end=ctx.end.isoformat(),
        commit=ctx.history.head,
        commit_date=ctx.as_of.isoformat(),
        as_of=ctx.as_of.isoformat(),
        version=__version__,
        templates=tuple((n, hashlib.sha256(t.encode()).hexdigest()) for n, t in used.items()),
        summary=_summary(views),
        attention=tuple(found[:ATTENTION]),
        deviations=len(found),
        adopted=adopted.isoformat() if adopted else "",
        trust=trust_lines(ctx.history, repo),
    )


def _matrix(
    ctx: _Context,
    controls: Sequence[tuple[Control, ControlView]],
    frameworks: Mapping[str, Mapping[str, str]],
) -> tuple[list[MatrixRow], list[tuple[str, tuple[str, ...]]]]:
    """The matrix rows of every framework, and each framework's criteria out of scope."""
    rows: list[MatrixRow] = []
    skipped: list[tuple[str, tuple[str, ...]]] = []
    scope = ctx.repo.config.model.scope if ctx.repo.config else None
    categories = scope.in_scope() if scope is not None else None
    policies = [e.model for e in _policy_entries(ctx)]
    for framework, titles in frameworks.items():
        shown, out = ctl.matrix(framework, titles, controls, policies, categories)
        rows += shown
        if out:
            skipped.append((framework, out))
    return rows, skipped


def _summary(controls: Sequence[ControlView]) -> Summary:
    found = counts(row.status for control in controls for row in control.expected)
    return Summary(*(found.get(word, 0) for word in PERIOD_STATUSES))


def _policy_entries(ctx: _Context) -> list[Entry[Policy]]:
    return [
        e
        for _, e in sorted(ctx.repo.policies.items())
        if e.model.status != "draft"
        and ctx.in_force(e.model.id)
        and not (e.model.status == "retired" and _last_change(ctx, e.model.id) < ctx.start)
    ]


def _last_change(ctx: _Context, item_id: str) -> date:
    versions = ctx.versions_of(item_id)
    return day(versions[0].date) if versions else date.max


def _policies(ctx: _Context, plan: Plan, tick: Progress) -> list[PolicyView]:
    views = []
    for entry in _policy_entries(ctx):
        tick(entry.path)
        policy = entry.model
        ctx.files.ref(entry.path)
        versions, notes = version_views(
            ctx.versions_of(policy.id), ctx.start, ctx.end, ctx.paths(entry.path),
            ctx.history, markdown=True, diffs=True,
        )  # fmt: skip
        views.append(
            PolicyView(
                id=policy.id,
                title=policy.title,
                path=entry.path,
                owner=policy.owner,
                approvers=tuple(policy.approvers),
                status=policy.status,
                criticality=policy.criticality,
                review=ctl.cadence_label(policy.review),
                reviewed=policy.reviewed.isoformat() if policy.reviewed else "",
                next_review=plan.reviews.get(policy.id, ""),
                criteria=tuple(policy.criteria),
                body=entry.body,
                versions=versions,
                notes=notes,
            )
        )
    return views


def _controls(ctx: _Context, plan: Plan, tick: Progress) -> list[tuple[Control, ControlView]]:
    records = ctl.records_by_control(ctx.repo)
    found = []
    for cid, entry in sorted(ctx.repo.controls.items()):
        if not ctx.in_force(cid):
            continue
        tick(entry.path)
        view = ctl.control_view(
            entry, records.get(cid, []), plan.expected.get(cid, ()), ctx.versions_of(cid),
            ctx.paths(entry.path), ctx.history, ctx.files, (ctx.start, ctx.end), plan.recording,
        )  # fmt: skip
        found.append((entry.model, view))
    return found


def _exceptions(ctx: _Context, tick: Progress) -> list[ExceptionView]:
    views = []
    for _, entry in sorted(ctx.repo.exceptions.items()):
        item = entry.model
        if item.opened > ctx.end or item.expires < ctx.start:
            continue
        tick(entry.path)
        ctx.files.ref(entry.path)
        versions = ctx.versions_of(item.id)
        shown, notes = version_views(
            versions, ctx.start, ctx.end, ctx.paths(entry.path), ctx.history,
            markdown=False, diffs=False,
        )  # fmt: skip
        retro = _retrospective(item, versions, ctx.as_of)
        views.append(
            ExceptionView(
                id=item.id,
                kind=item.kind,
                subject=item.control or item.policy or "",
                path=entry.path,
                reason=item.reason,
                risk=item.risk,
                owner=item.owner,
                opened=item.opened.isoformat(),
                expires=item.expires.isoformat(),
                compensating=tuple(item.compensating),
                versions=shown,
                retro_due=retro.due,
                retro_status=retro.status,
                retro_in_time=retro.in_time,
                notes=notes,
            )
        )
    return views


class _Retro(NamedTuple):
    due: str = ""
    status: str = ""
    in_time: bool = False  # approved on or before its due date


def _retrospective(item: ExceptionItem, versions: Sequence[Version], as_of: date) -> _Retro:
    """When an emergency change's approval was owed and whether (and when) it landed
    (decided by ``domain.retro``, worded here)."""
    owed = retrospective(item, ((day(v.date), v.commit) for v in versions if v.approved))
    if owed is None:
        return _Retro()
    due = owed.due.isoformat()
    if owed.approved is not None:
        timing = "in time" if owed.in_time else f"late, {owed.days_late} days after it was due"
        text = f"approved {owed.approved.isoformat()} in {owed.commit[:12]} ({timing})"
        return _Retro(due, text, owed.in_time)
    return _Retro(due, "not approved, overdue" if owed.overdue(as_of) else "not approved yet")


def _inherited(ctx: _Context, plan: Plan) -> list[InheritedView]:
    views = []
    for cid, entry in sorted(ctx.repo.controls.items()):
        inherited = entry.model.inherited
        if inherited is None or not ctx.in_force(cid):
            continue
        terms = reliance(inherited, {v: e.model for v, e in ctx.repo.vendors.items()})
        report = ctx.files.ref(terms.report) if terms.report else None
        next_review = plan.reviews.get(f"{cid}:reliance", "")
        if terms.vendor is not None:
            next_review = plan.reviews.get(f"vendor:{terms.vendor}", "")
        views.append(
            InheritedView(
                control=cid,
                title=entry.model.title,
                provider=terms.provider,
                method=terms.method,
                report=report if report is not None and report.present else None,
                report_path=terms.report or "",
                review=ctl.cadence_label(inherited.review),
                reviewed=terms.reviewed.isoformat() if terms.reviewed else "",
                next_review=next_review,
                cuecs=terms.cuecs,
                vendor=terms.vendor or "",
            )
        )
    return views
