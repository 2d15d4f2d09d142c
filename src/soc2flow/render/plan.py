"""Gathering the binder's inputs at one commit: items, versions, schedule, catalogue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from soc2flow.errors import BadInput
from soc2flow.loading import Entry, Repository, load_repository
from soc2flow.models import Control
from soc2flow.render.build import Plan, build_binder
from soc2flow.render.controls import execution
from soc2flow.render.files import FileIndex
from soc2flow.render.model import Binder, Expected


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


def head_date(history: Any) -> date:
    """The committer date of the source commit (the binder's clock)."""
    line = history.line
    return line[0].date.date() if line else date.min


def assemble(
    history: Any,
    period_text: str | None,
    overrides: dict[str, str],
    progress: Callable[[str], None] | None = None,
) -> tuple[Binder, int]:
    """The binder view model at ``history.head``, and how many files had problems."""
    from soc2flow.history.approvals import item_versions
    from soc2flow.render.produce import parse_period

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
    plan = schedule_plan(repo, versions, history, period, commit_date, files)
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
    versions: Any,
    history: Any,
    period: tuple[date, date],
    as_of: date,
    files: FileIndex,
) -> Plan:
    """Expected executions of every control in the period and the next review dates."""
    from soc2flow.schedule.context import Context
    from soc2flow.schedule.engine import control_items, policy_items

    config = repo.config.model if repo.config else None
    ctx = Context(repo, config, versions, history, as_of)
    expected: dict[str, tuple[Expected, ...]] = {}
    reviews: dict[str, str] = {}
    for cid, entry in sorted(repo.controls.items()):
        expected[cid] = _expected(ctx, entry, period, as_of, files)
        for item in control_items(ctx, entry):
            if item.kind == "reliance-review":
                reviews[f"{cid}:reliance"] = item.due.isoformat()
    for pid, policy in sorted(repo.policies.items()):
        for item in policy_items(ctx, policy):
            if item.kind == "policy-review":
                reviews[pid] = item.due.isoformat()
    return Plan(expected, reviews)


def _expected(
    ctx: Any, entry: Entry[Control], period: tuple[date, date], as_of: date, files: FileIndex
) -> tuple[Expected, ...]:
    from soc2flow.render.populations import is_per_person, population_rows
    from soc2flow.schedule.cadence import schedule_of
    from soc2flow.schedule.context import grace_of
    from soc2flow.schedule.executions import expected_executions

    control = entry.model
    if is_per_person(control):
        return population_rows(ctx, entry, period, as_of, files)
    first = max(period[0], ctx.first_seen(entry.path))
    if first > period[1]:
        return ()
    rows = expected_executions(
        schedule_of(control.cadence),
        [e.id for e in control.evidence],
        ctx.records_of(control.id),
        first,
        period[1],
        grace_of(ctx, control),
    )
    return tuple(_row(row, as_of, files) for row in rows)


def _row(row: Any, as_of: date, files: FileIndex) -> Expected:
    if row.record is not None:
        status = "late" if row.late else "complete"
    else:
        status = "missed" if row.due < as_of else "open"
    return Expected(
        period=row.period.label,
        start=row.period.start.isoformat(),
        end=row.period.end.isoformat(),
        due=row.due.isoformat(),
        status=status,
        execution=execution(row.record, files) if row.record is not None else None,
        attempts=tuple(execution(a, files) for a in row.attempts),
    )
