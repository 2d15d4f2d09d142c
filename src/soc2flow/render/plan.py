"""Gathering the binder's inputs at one commit: items, versions, schedule, catalogue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from soc2flow.errors import BadInput
from soc2flow.loading import load_repository
from soc2flow.render.build import Plan, build_binder
from soc2flow.render.model import Binder


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
    plan = schedule_plan(repo, versions, history, period, min(period[1], commit_date))
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
    )
    return binder, len({d.path for d in loaded.diagnostics})


def schedule_plan(
    repo: Any, versions: Any, history: Any, period: tuple[date, date], as_of: date
) -> Plan:
    """Expected executions and next review dates from the schedule engine."""
    return Plan()
