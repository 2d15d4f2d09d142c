"""Gathering the binder's inputs at one commit: items, versions, schedule, catalogue."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from soc2flow.errors import BadInput
from soc2flow.loading import Entry, Repository, load_repository
from soc2flow.models import Record
from soc2flow.render.build import Plan, build_binder
from soc2flow.render.controls import execution
from soc2flow.render.files import FileIndex
from soc2flow.render.model import Binder, Expected
from soc2flow.render.period import parse_period

if TYPE_CHECKING:
    from soc2flow.domain.judging import Version
    from soc2flow.history.repo_history import RepoHistory
    from soc2flow.render.recording import Recording
    from soc2flow.schedule.context import Context
    from soc2flow.schedule.executions import Expected as Owed


def frameworks(names: list[str]) -> dict[str, dict[str, str]]:
    """Each framework's criteria titles in catalogue order (CSF: subcategories only)."""
    from soc2flow.catalog import load_catalog

    found = {}
    for name in names:
        catalog = load_catalog(name)
        found[name] = {
            cid: c.title
            for cid, c in catalog.criteria.items()
            if c.level in ("criterion", "subcategory")
        }
    return found


def head_date(history: RepoHistory) -> date:
    """The committer date of the source commit (the binder's clock)."""
    line = history.line
    return line[0].date.date() if line else date.min


def assemble(
    history: RepoHistory,
    period_text: str | None,
    overrides: dict[str, str],
    progress: Callable[[str], None] | None = None,
) -> tuple[Binder, int]:
    """The binder view model at ``history.head``, and how many files had problems."""
    from soc2flow.history.approvals import item_versions
    from soc2flow.rules.broken import broken_records

    loaded = load_repository(history.tree_source())
    repo = loaded.repo
    if repo.config is None:
        raise BadInput(
            f"there is no valid soc2flow.yaml at commit {history.head[:12]}; "
            "run soc2flow validate, or soc2flow init to start a compliance repository"
        )
    config = repo.config.model
    default = (config.audit.period.start, config.audit.period.end) if config.audit else None
    period = parse_period(period_text, default)
    versions = item_versions(repo, history)
    commit_date = head_date(history)
    files = FileIndex(history.tree_source())
    voided = broken_records(repo, history.tree_source(), commit_date)
    plan = schedule_plan(repo, versions, history, period, commit_date, files, voided)
    binder = build_binder(
        repo,
        history,
        versions,
        period,
        commit_date=commit_date,
        plan=plan,
        frameworks=frameworks(list(config.frameworks)),
        overrides=overrides,
        progress=progress,
        files=files,
    )
    return binder, len({d.path for d in loaded.diagnostics})


def schedule_plan(
    repo: Repository,
    versions: Mapping[str, Sequence[Version]],
    history: RepoHistory,
    period: tuple[date, date],
    as_of: date,
    files: FileIndex,
    voided: dict[str, str] | None = None,
) -> Plan:
    """Expected executions of every control in the period and the next review dates."""
    from soc2flow.domain.cadence import OnChange, schedule_of
    from soc2flow.render.populations import is_per_person, population_rows
    from soc2flow.render.recording import recording_of
    from soc2flow.rules.broken import without_broken
    from soc2flow.schedule.context import Context
    from soc2flow.schedule.engine import control_items, policy_items
    from soc2flow.schedule.standing import control_periods

    config = repo.config.model if repo.config else None
    voided = voided or {}
    invalid: dict[str, list[Entry[Record]]] = {}
    for record in repo.records:
        if record.path in voided:
            invalid.setdefault(record.model.control, []).append(record)
    recording = recording_of(repo, history)  # voided records are shown with theirs too
    repo = without_broken(repo, voided)
    ctx = Context(repo, config, versions, history, as_of)
    expected: dict[str, tuple[Expected, ...]] = {}
    reviews: dict[str, str] = {}
    for cid, entry in sorted(repo.controls.items()):
        if is_per_person(entry.model):
            expected[cid] = population_rows(
                ctx, entry, period, as_of, files, recording, invalid.get(cid, []), voided
            )
        else:
            on_change = isinstance(schedule_of(entry.model.cadence), OnChange)
            rows = [] if on_change else control_periods(ctx, entry, period)
            shown = tuple(_row(row, as_of, files, recording) for row in rows)
            expected[cid] = _with_invalid(shown, invalid.get(cid, []), voided, files, recording)
        for item in control_items(ctx, entry):
            if item.kind == "reliance-review":
                reviews[f"{cid}:reliance"] = item.due.isoformat()
    for pid, policy in sorted(repo.policies.items()):
        for item in policy_items(ctx, policy):
            if item.kind == "policy-review":
                reviews[pid] = item.due.isoformat()
    reviews.update(register_reviews(ctx))
    return Plan(expected, reviews, recording)


def register_reviews(ctx: Context) -> dict[str, str]:
    """Next review dates of vendors (``vendor:ID``) and risks (``risk:ID``)."""
    from soc2flow.schedule.registers import risk_items, vendor_items

    found = {}
    for vid, vendor in sorted(ctx.repo.vendors.items()):
        for item in vendor_items(ctx, vendor):
            if item.kind == "vendor-review":
                found[f"vendor:{vid}"] = item.due.isoformat()
    for rid, risk in sorted(ctx.repo.risks.items()):
        for item in risk_items(ctx, risk):
            found[f"risk:{rid}"] = item.due.isoformat()
    return found


def _with_invalid(
    rows: tuple[Expected, ...],
    records: list[Entry[Record]],
    voided: dict[str, str],
    files: FileIndex,
    recording: Recording,
) -> tuple[Expected, ...]:
    """Each row with the voided records performed in its period added as attempts."""
    if not records:
        return rows
    out = []
    for row in rows:
        extra = tuple(
            replace(execution(r, files, recording), invalid=voided[r.path])
            for r in sorted(records, key=lambda r: (r.model.performed, r.path))
            if row.start <= r.model.performed.isoformat() <= row.end
        )
        out.append(replace(row, attempts=row.attempts + extra) if extra else row)
    return tuple(out)


def _row(row: Owed, as_of: date, files: FileIndex, recording: Recording) -> Expected:
    return Expected(
        period=row.period.label,
        start=row.period.start.isoformat(),
        end=row.period.end.isoformat(),
        due=row.due.isoformat(),
        status=row.status(as_of),
        execution=execution(row.record, files, recording) if row.record is not None else None,
        attempts=tuple(execution(a, files, recording) for a in row.attempts),
    )
