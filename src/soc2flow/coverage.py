"""Use case: framework coverage — each criterion, the controls that operate it, their evidence.

A criterion is ``covered`` only when at least one mapped control is operating: it has
a passing (or partial) execution and no overdue execution. A criterion that only a
policy maps is ``policy-only``, which is a gap: a policy states intent, a control
with evidence shows it works.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from soc2flow.errors import BadInput
from soc2flow.loading import Entry, Repository
from soc2flow.models import Record

CRITERION_STATUSES = ("covered", "at-risk", "policy-only", "gap")
CONTROL_STATUSES = ("operating", "overdue", "no-evidence")


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
        """Criteria of the catalogue with no operating control mapped to them."""
        return [c.id for c in self.criteria if c.status in ("gap", "policy-only")]


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
    repo: Repository, as_of: date, overdue: Collection[str]
) -> dict[str, ControlCoverage]:
    latest = latest_runs(repo, as_of)
    passed = {
        e.model.control
        for e in repo.records
        if e.model.performed <= as_of and e.model.result in ("pass", "partial")
    }
    found = {}
    for cid, entry in sorted(repo.controls.items()):
        run = latest.get(cid)
        status = "overdue" if cid in overdue else "operating" if cid in passed else "no-evidence"
        found[cid] = ControlCoverage(
            cid,
            entry.model.title,
            entry.model.owner,
            status,
            Latest(run.model.performed.isoformat(), run.model.result, run.path) if run else None,
        )
    return found


def compute_coverage(
    repo: Repository,
    framework: str,
    titles: Mapping[str, str],
    as_of: date,
    overdue: Collection[str],
    normalize: Any = str,
) -> Coverage:
    """Coverage of ``framework`` (criteria ``titles`` in catalogue order) as of a date.

    ``overdue`` holds the IDs of controls with an overdue execution (from the due engine).
    """
    controls = control_coverage(repo, as_of, overdue)
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
    rows = []
    for criterion in [*titles, *unknown]:
        linked = tuple(by_criterion.get(criterion, []))
        rows.append(
            CriterionCoverage(
                criterion,
                titles.get(criterion, ""),
                criterion in titles,
                _status(linked, policies.get(criterion, [])),
                linked,
                tuple(policies.get(criterion, [])),
                tuple(risks.get(criterion, [])),
            )
        )
    return Coverage(framework, as_of, tuple(rows))


def _status(controls: tuple[ControlCoverage, ...], policies: list[str]) -> str:
    if any(c.status == "operating" for c in controls):
        return "covered"
    if controls:
        return "at-risk"
    return "policy-only" if policies else "gap"


def as_dict(coverage: Coverage) -> dict[str, Any]:
    """The documented JSON shape of ``soc2flow coverage --format json``."""
    return {
        "framework": coverage.framework,
        "as_of": coverage.as_of.isoformat(),
        "summary": {
            "criteria": len(coverage.criteria),
            "covered": coverage.count("covered"),
            "at_risk": coverage.count("at-risk"),
            "policy_only": coverage.count("policy-only"),
            "gaps": coverage.count("gap"),
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


def _cell(value: str) -> str:
    # A cell starting with = + - @ is a formula to a spreadsheet; quote it as text.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


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
    from soc2flow.loading import WorkTree, load_repository

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
    return compute_coverage(
        repo, chosen, titles, day, overdue(root, repo, day, use_cache), normalize
    )


def overdue(root: Path, repo: Repository, as_of: date, use_cache: bool) -> set[str]:
    """Controls with an overdue execution, as ``soc2flow due`` computes them."""
    from soc2flow.history import load_history
    from soc2flow.history.approvals import item_versions
    from soc2flow.schedule.engine import compute_due

    history = load_history(root, use_cache=use_cache)
    report = compute_due(repo, item_versions(repo, history), history, as_of)
    return {
        item.id
        for item in report.items
        if item.kind == "control-execution" and item.status == "overdue"
    }
