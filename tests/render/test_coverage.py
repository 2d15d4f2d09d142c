"""Coverage: a criterion is covered only by an operating control, never by a policy alone."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from soc2flow.catalog import load_catalog, normalize
from soc2flow.coverage import Coverage, compute_coverage, format_csv, format_json
from soc2flow.loading import WorkTree, load_repository

FILES = {
    "soc2flow.yaml": "organization: Acme\npeople:\n  - {id: bob, name: Bob}\n",
    "policies/access.md": (
        "---\nid: POL-ACCESS\ntitle: Access\nowner: bob\n"
        "criteria: [CC6.1, CC6.2, CC1.1]\nmappings: {nist-csf-2.0: [PR.AA-1]}\n---\n# Access\n"
    ),
    "controls/AC-01.yaml": (
        "id: AC-01\ntitle: Access review\nowner: bob\ncadence: quarterly\n"
        "criteria: [CC6.1, XX9.9]\nmappings: {nist-csf-2.0: [PR.AA-05]}\n"
    ),
    "controls/AC-02.yaml": (
        'id: AC-02\ntitle: "=HYPERLINK(1)"\nowner: bob\ncadence: monthly\ncriteria: [CC6.2]\n'
    ),
    "controls/AC-03.yaml": 'id: AC-03\ntitle: New control\nowner: bob\ncadence: annual\ncriteria: [CC6.3, "@SUM(1)"]\n',
    "evidence/AC-01/2026-03-28/record.yaml": (
        "control: AC-01\nperformed: 2026-03-28\nperformed_by: bob\nresult: pass\n"
    ),
    "evidence/AC-01/2026-06-30/record.yaml": (
        "control: AC-01\nperformed: 2026-06-30\nperformed_by: bob\nresult: fail\n"
    ),
    "evidence/AC-02/2026-01-30/record.yaml": (
        "control: AC-02\nperformed: 2026-01-30\nperformed_by: bob\nresult: pass\n"
    ),
}


def _coverage(tmp_path: Path, framework: str, overdue: set[str], as_of: date) -> Coverage:
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    loaded = load_repository(WorkTree(tmp_path))
    assert loaded.diagnostics == []
    catalog = load_catalog(framework)
    titles = {
        k: c.title for k, c in catalog.criteria.items() if c.level in ("criterion", "subcategory")
    }
    return compute_coverage(loaded.repo, framework, titles, as_of, overdue, normalize)


def _by_id(coverage: Coverage) -> dict[str, dict[str, object]]:
    return {c["id"]: c for c in json.loads(format_json(coverage))["criteria"]}


def test_statuses(tmp_path: Path) -> None:
    rows = _by_id(_coverage(tmp_path, "soc2-tsc-2017", {"AC-02"}, date(2026, 7, 1)))
    assert rows["CC6.1"]["status"] == "covered"
    assert rows["CC6.2"]["status"] == "at-risk"  # its only control is overdue
    assert rows["CC6.3"]["status"] == "at-risk"  # its only control never ran
    assert rows["CC1.1"]["status"] == "policy-only"
    assert rows["CC1.2"]["status"] == "gap"
    assert rows["XX9.9"] == {
        "id": "XX9.9",
        "title": "",
        "in_catalog": False,
        "status": "covered",
        "controls": rows["CC6.1"]["controls"],
        "policies": [],
        "risks": [],
    }
    assert rows["CC6.1"]["controls"] == [
        {
            "id": "AC-01",
            "title": "Access review",
            "owner": "bob",
            "status": "operating",
            "latest": {
                "performed": "2026-06-30",
                "result": "fail",
                "record": "evidence/AC-01/2026-06-30/record.yaml",
            },
        }
    ]


def test_as_of_hides_later_executions(tmp_path: Path) -> None:
    rows = _by_id(_coverage(tmp_path, "soc2-tsc-2017", set(), date(2026, 1, 1)))
    assert rows["CC6.1"]["status"] == "at-risk"
    assert rows["CC6.1"]["controls"][0]["latest"] is None  # type: ignore[index]


def test_summary_and_gaps(tmp_path: Path) -> None:
    data = json.loads(
        format_json(_coverage(tmp_path, "soc2-tsc-2017", {"AC-02"}, date(2026, 7, 1)))
    )
    assert data["framework"] == "soc2-tsc-2017"
    assert data["as_of"] == "2026-07-01"
    assert data["summary"] == {
        "criteria": 63, "covered": 2, "at_risk": 3, "policy_only": 1, "gaps": 57,
    }  # fmt: skip
    assert "CC1.1" in data["gaps"] and "CC1.2" in data["gaps"] and "CC6.1" not in data["gaps"]


def test_csf_ids_are_normalised(tmp_path: Path) -> None:
    rows = _by_id(_coverage(tmp_path, "nist-csf-2.0", set(), date(2026, 7, 1)))
    assert rows["PR.AA-01"]["status"] == "policy-only"
    assert rows["PR.AA-05"]["status"] == "covered"
    assert "PR.AA-1" not in rows


@pytest.mark.parametrize("framework", ["soc2-tsc-2017", "nist-csf-2.0"])
def test_csv_has_one_row_per_criterion_and_control(tmp_path: Path, framework: str) -> None:
    coverage = _coverage(tmp_path, framework, set(), date(2026, 7, 1))
    rows = list(csv.DictReader(io.StringIO(format_csv(coverage))))
    assert len(rows) == sum(max(1, len(c.controls)) for c in coverage.criteria)
    if framework == "soc2-tsc-2017":
        cc62 = next(r for r in rows if r["criterion"] == "CC6.2")
        assert cc62["control"] == "AC-02"
        assert cc62["latest_performed"] == "2026-01-30"
        formula = next(r for r in rows if r["control"] == "AC-03" and r["criterion"] != "CC6.3")
        assert formula["criterion"] == "'@SUM(1)"
