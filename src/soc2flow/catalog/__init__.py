"""Framework catalogues: SOC 2 TSC 2017 and NIST CSF 2.0, read from package data.

Public API::

    catalog = load_catalog("nist-csf-2.0")
    catalog.criteria            # ordered {id: Criterion} of the framework's active IDs
    catalog.lookup("PR.IP-1")   # Criterion (withdrawn, replaced_by=("PR.PS-01",)) or None

Catalogues are built once per process (``functools.cache``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

FRAMEWORKS = ("soc2-tsc-2017", "nist-csf-2.0")

Status = Literal["active", "withdrawn"]

_CSF_NUMBER = re.compile(r"^([A-Z]{2}\.[A-Z]{2})-0*(\d+)$")


@dataclass(frozen=True)
class Criterion:
    """One criterion of a framework (a TSC criterion, or a CSF function/category/subcategory)."""

    id: str
    title: str
    series: str
    series_title: str
    level: str = "criterion"
    status: Status = "active"
    replaced_by: tuple[str, ...] = ()

    @property
    def withdrawn(self) -> bool:
        return self.status == "withdrawn"


@dataclass(frozen=True)
class Catalog:
    """The criteria of one framework: active ones in order, withdrawn ones beside them."""

    framework: str
    title: str
    criteria: dict[str, Criterion]
    withdrawn: dict[str, Criterion] = field(default_factory=dict)

    def lookup(self, criterion_id: str) -> Criterion | None:
        """The criterion for an ID in any accepted spelling (``PR.IP-1`` = ``PR.IP-01``)."""
        key = normalize(criterion_id)
        return self.criteria.get(key) or self.withdrawn.get(key)


def normalize(criterion_id: str) -> str:
    """The canonical spelling of an ID: CSF subcategory numbers get two digits."""
    text = criterion_id.strip()
    match = _CSF_NUMBER.match(text)
    if match:
        return f"{match.group(1)}-{int(match.group(2)):02d}"
    return text


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("soc2flow.catalog").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def load_catalog(framework: str) -> Catalog:
    """The catalogue of ``framework`` (one of FRAMEWORKS); raises KeyError for others."""
    if framework == "soc2-tsc-2017":
        return _tsc()
    if framework == "nist-csf-2.0":
        return _csf()
    raise KeyError(framework)


def _tsc() -> Catalog:
    criteria = {
        row["criterion_id"]: Criterion(
            id=row["criterion_id"],
            title=row["short_name_strongdm_comply"],
            series=row["series"],
            series_title=row["series_title"],
        )
        for row in _rows("tsc2017_criteria.csv")
    }
    return Catalog("soc2-tsc-2017", "SOC 2 Trust Services Criteria (2017)", criteria)


def _csf() -> Catalog:
    rows = _rows("csf2_core_from_nist_oscal.csv")
    titles = {row["id"]: row["title"] for row in rows}
    replacements: dict[str, list[str]] = {}
    for row in _rows("csf11_to_csf20.csv"):
        replacements.setdefault(normalize(row["csf11_id"]), []).append(row["csf20_id"])
    active: dict[str, Criterion] = {}
    withdrawn: dict[str, Criterion] = {}
    for row in rows:
        criterion = _csf_criterion(row, titles, replacements)
        (active if criterion.status == "active" else withdrawn)[criterion.id] = criterion
    for old, new in replacements.items():
        if old not in active and old not in withdrawn:
            withdrawn[old] = Criterion(
                old, "", old.split(".")[0], "", "withdrawn", "withdrawn", tuple(new)
            )
    return Catalog("nist-csf-2.0", "NIST Cybersecurity Framework 2.0", active, withdrawn)


def _csf_criterion(
    row: dict[str, str], titles: dict[str, str], replacements: dict[str, list[str]]
) -> Criterion:
    level, cid, parent = row["level"], row["id"], row["parent"]
    title = row["title"] or row["statement"]
    series = cid if level == "function" else parent if level == "subcategory" else cid
    status: Status = "withdrawn" if row["status_2_0"] == "withdrawn" else "active"
    replaced = tuple(replacements.get(cid, ())) if status == "withdrawn" else ()
    return Criterion(cid, title, series, titles.get(series, ""), level, status, replaced)
