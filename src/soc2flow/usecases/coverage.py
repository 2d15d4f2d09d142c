"""Use case: framework coverage — each criterion, the controls that operate it, their evidence.

Statuses are the one vocabulary of ``soc2flow.domain.status`` (docs/status.md): a criterion is
``gap`` when no control maps it (a policy alone states intent, it proves nothing), else
the worst of its controls' periods in the audit period (``missed``, ``late``,
``partial``, ``on-track``), and ``not-yet-due`` only when nothing was due yet. Criteria
of TSC categories out of scope are ``out-of-scope``. A control's status is its counts.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from soc2flow.domain.status import CRITERION_STATUSES, criterion_status, out_of_scope
from soc2flow.errors import BadInput
from soc2flow.loading import Entry, Repository
from soc2flow.models import Record

if TYPE_CHECKING:
    from soc2flow.schedule.standing import Standing


@dataclass(frozen=True)
class Latest:
    performed: str
    result: str
    record: str


@dataclass(frozen=True)
class ControlCoverage:
    id: str
    title: str
    owner: str
    status: str
    latest: Latest | None
    counts: tuple[tuple[str, int], ...] = ()
    periods: tuple[str, ...] = ()


@dataclass(frozen=True)
class CriterionCoverage:
    id: str
    title: str
    in_catalog: bool
    status: str
    controls: tuple[ControlCoverage, ...]
    policies: tuple[str, ...]
    risks: tuple[str, ...] = ()  # risks of the risk register that name the criterion


@dataclass(frozen=True)
class Coverage:
    framework: str
    as_of: date
    criteria: tuple[CriterionCoverage, ...]

    @property
    def with_risks(self) -> int:
        """Criteria that at least one risk of the risk register names."""
        return sum(1 for c in self.criteria if c.risks)

    def count(self, status: str) -> int:
        return sum(1 for c in self.criteria if c.status == status)

    @property
    def gaps(self) -> list[str]:
        """Criteria in scope with no control mapped to them."""
        return [c.id for c in self.criteria if c.status == "gap"]


def mapped(item: Any, framework: str, normalize: Any = str) -> list[str]:
    """The criteria IDs an item maps for a framework (SOC 2 uses ``criteria:``; a risk
    names SOC 2 criteria only)."""
    if framework == "soc2-tsc-2017":
        return [normalize(c) for c in item.criteria]
    return [normalize(c) for c in getattr(item, "mappings", {}).get(framework, [])]


def latest_runs(repo: Repository, as_of: date) -> dict[str, Entry[Record]]:
    found: dict[str, Entry[Record]] = {}
    for entry in sorted(repo.records, key=lambda e: (e.model.performed, e.path)):
        if entry.model.performed <= as_of:
            found[entry.model.control] = entry
    return found


def control_coverage(
    repo: Repository, as_of: date, standings: Mapping[str, Standing]
) -> dict[str, ControlCoverage]:
    latest = latest_runs(repo, as_of)
    found = {}
    for cid, entry in sorted(repo.controls.items()):
        run = latest.get(cid)
        standing = standings.get(cid)
        found[cid] = ControlCoverage(
            cid,
            entry.model.title,
            entry.model.owner,
            standing.text if standing else "nothing expected",
            Latest(run.model.performed.isoformat(), run.model.result, run.path) if run else None,
            tuple(standing.counts.items()) if standing else (),
            standing.statuses if standing else (),
        )
    return found


def compute_coverage(
    repo: Repository,
    framework: str,
    titles: Mapping[str, str],
    as_of: date,
    standings: Mapping[str, Standing],
    normalize: Any = str,
    categories: Collection[str] | None = None,
) -> Coverage:
    """Coverage of ``framework`` (criteria ``titles`` in catalogue order) as of a date.

    ``standings`` holds each control's periods in the audit period (soc2flow.schedule.
    standing); ``categories`` the TSC categories in scope (None: all).
    """
    controls = control_coverage(repo, as_of, standings)
    by_criterion: dict[str, list[ControlCoverage]] = {}
    for cid, entry in sorted(repo.controls.items()):
        for criterion in dict.fromkeys(mapped(entry.model, framework, normalize)):
            by_criterion.setdefault(criterion, []).append(controls[cid])
    policies: dict[str, list[str]] = {}
    for pid, policy in sorted(repo.policies.items()):
        if policy.model.status == "active":
            for criterion in dict.fromkeys(mapped(policy.model, framework, normalize)):
                policies.setdefault(criterion, []).append(pid)
    risks: dict[str, list[str]] = {}
    for rid, risk in sorted(repo.risks.items()):
        for criterion in dict.fromkeys(mapped(risk.model, framework, normalize)):
            risks.setdefault(criterion, []).append(rid)
    unknown = sorted((set(by_criterion) | set(policies) | set(risks)) - set(titles))
    scope = frozenset(categories) if categories is not None else None
    rows = []
    for criterion in [*titles, *unknown]:
        linked = tuple(by_criterion.get(criterion, []))
        if out_of_scope(framework, criterion, scope):
            status = "out-of-scope"
        else:
            status = criterion_status(bool(linked), [p for k in linked for p in k.periods])
        rows.append(
            CriterionCoverage(
                criterion,
                titles.get(criterion, ""),
                criterion in titles,
                status,
                linked,
                tuple(policies.get(criterion, [])),
                tuple(risks.get(criterion, [])),
            )
        )
    return Coverage(framework, as_of, tuple(rows))


def as_dict(coverage: Coverage) -> dict[str, Any]:
    """The documented JSON shape of ``soc2flow coverage --format json``."""
    return {
        "framework": coverage.framework,
        "as_of": coverage.as_of.isoformat(),
        "summary": {
            "criteria": len(coverage.criteria),
            **{word: coverage.count(word) for word in CRITERION_STATUSES},
        },
        "criteria": [
            {
                "id": c.id,
                "title": c.title,
                "in_catalog": c.in_catalog,
                "status": c.status,
                "controls": [
                    {
                        "id": k.id,
                        "title": k.title,
                        "owner": k.owner,
                        "status": k.status,
                        "counts": dict(k.counts),
                        "latest": None
                        if k.latest is None
                        else {
                            "performed": k.latest.performed,
                            "result": k.latest.result,
                            "record": k.latest.record,
                        },
                    }
                    for k in c.controls
                ],
                "policies": list(c.policies),
                "risks": list(c.risks),
            }
            for c in coverage.criteria
        ],
        "gaps": coverage.gaps,
    }


def format_json(coverage: Coverage) -> str:
    return json.dumps(as_dict(coverage), indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = (
    "criterion",
    "title",
    "status",
    "control",
    "control_status",
    "latest_performed",
    "latest_result",
    "latest_record",
    "policies",
    "risks",
)


def _cell(value: str) -> object:
    # A cell starting with = + - @ is a formula to a spreadsheet: quoted as text, one line.
    from soc2flow.text import csv_cell

    return csv_cell(value)


def format_csv(coverage: Coverage) -> str:
    """One row per criterion and control (a criterion with no control gets one row)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in coverage.criteria:
        policies = " ".join(c.policies)
        for k in c.controls or (None,):
            latest = k.latest if k else None
            writer.writerow(
                _cell(v)
                for v in [
                    c.id,
                    c.title,
                    c.status,
                    k.id if k else "",
                    k.status if k else "",
                    latest.performed if latest else "",
                    latest.result if latest else "",
                    latest.record if latest else "",
                    policies,
                    " ".join(c.risks),
                ]
            )
    return out.getvalue()


def coverage_at(
    root: Path, framework: str | None, as_of: Callable[[str], date], *, use_cache: bool = True
) -> Coverage:
    """Coverage of the repository's work tree; ``as_of(timezone)`` gives the date (the CLI's clock)."""
    from soc2flow.catalog import load_catalog, normalize
    from soc2flow.history.eol import committed_if_unchanged
    from soc2flow.loading import WorkTree, load_repository
    from soc2flow.rules.broken import broken_records, without_broken

    repo = load_repository(WorkTree(root)).repo
    if repo.config is None:
        raise BadInput("there is no valid soc2flow.yaml; run soc2flow validate, or soc2flow init")
    config = repo.config.model
    chosen = framework or (config.frameworks[0] if config.frameworks else "soc2-tsc-2017")
    catalog = load_catalog(chosen)
    titles = {
        cid: c.title
        for cid, c in catalog.criteria.items()
        if c.level in ("criterion", "subcategory")
    }
    day = as_of(config.timezone)
    scope = config.scope.in_scope() if config.scope is not None else None
    repo = without_broken(repo, broken_records(repo, WorkTree(root), day, committed_if_unchanged))
    return compute_coverage(
        repo, chosen, titles, day, standings(root, repo, day, use_cache), normalize, scope
    )


def standings(root: Path, repo: Repository, as_of: date, use_cache: bool) -> dict[str, Standing]:
    """Each control's periods in the audit period as of ``as_of`` (as the binder counts them)."""
    from soc2flow.history import load_history
    from soc2flow.history.approvals import item_versions
    from soc2flow.schedule.context import Context
    from soc2flow.schedule.standing import control_standing, window_of

    history = load_history(root, use_cache=use_cache)
    config = repo.config.model if repo.config else None
    ctx = Context(repo, config, item_versions(repo, history), history, as_of)
    window = window_of(ctx, as_of)
    return {
        cid: control_standing(ctx, entry, window, as_of)
        for cid, entry in sorted(repo.controls.items())
    }
