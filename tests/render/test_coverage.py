"""Coverage: a criterion's status is the worst of its controls' periods; a policy alone is a gap."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from soc2flow.catalog import load_catalog, normalize
from soc2flow.loading import WorkTree, load_repository
from soc2flow.usecases.coverage import (
    Coverage,
    compute_coverage,
    format_csv,
    format_json,
    standings,
)
from tests.conftest import GitRepo

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


def _coverage(
    git_repo: GitRepo, framework: str, as_of: date, config: str = FILES["soc2flow.yaml"]
) -> Coverage:
    for name, text in FILES.items():
        git_repo.write(name, text)
    git_repo.write("soc2flow.yaml", config)
    git_repo.commit("Compliance repository", date="2026-01-02T09:00:00")
    loaded = load_repository(WorkTree(git_repo.root))
    assert loaded.diagnostics == []
    catalog = load_catalog(framework)
    titles = {
        k: c.title for k, c in catalog.criteria.items() if c.level in ("criterion", "subcategory")
    }
    found = standings(git_repo.root, loaded.repo, as_of, use_cache=False)
    scope = loaded.repo.config.model.scope if loaded.repo.config else None
    categories = scope.in_scope() if scope is not None else None
    return compute_coverage(loaded.repo, framework, titles, as_of, found, normalize, categories)


def _by_id(coverage: Coverage) -> dict[str, dict[str, object]]:
    return {c["id"]: c for c in json.loads(format_json(coverage))["criteria"]}


def test_statuses(git_repo: GitRepo) -> None:
    rows = _by_id(_coverage(git_repo, "soc2-tsc-2017", date(2026, 7, 1)))
    # AC-01: Q1 done 2026-03-28 (due 2026-04-07); Q2 failed on 2026-06-30, due 2026-07-07.
    assert rows["CC6.1"]["status"] == "on-track"
    assert rows["CC6.2"]["status"] == "missed"  # AC-02 monthly: only January was done
    assert rows["CC6.3"]["status"] == "not-yet-due"  # AC-03 annual: due 2027-01-07
    assert rows["CC1.1"]["status"] == "gap"  # a policy alone proves nothing
    assert rows["CC1.2"]["status"] == "gap"
    assert rows["XX9.9"] == {
        "id": "XX9.9",
        "title": "",
        "in_catalog": False,
        "status": "on-track",
        "controls": rows["CC6.1"]["controls"],
        "policies": [],
        "risks": [],
    }
    assert rows["CC6.1"]["controls"] == [
        {
            "id": "AC-01",
            "title": "Access review",
            "owner": "bob",
            "status": "1 on time · 3 upcoming",
            "counts": {"on-time": 1, "upcoming": 3},
            "latest": {
                "performed": "2026-06-30",
                "result": "fail",
                "record": "evidence/AC-01/2026-06-30/record.yaml",
            },
        }
    ]


def test_as_of_hides_later_executions(git_repo: GitRepo) -> None:
    rows = _by_id(_coverage(git_repo, "soc2-tsc-2017", date(2026, 1, 1)))
    assert rows["CC6.1"]["status"] == "not-yet-due"
    assert rows["CC6.1"]["controls"][0]["latest"] is None  # type: ignore[index]


def test_summary_and_gaps(git_repo: GitRepo) -> None:
    data = json.loads(format_json(_coverage(git_repo, "soc2-tsc-2017", date(2026, 7, 1))))
    assert data["framework"] == "soc2-tsc-2017"
    assert data["as_of"] == "2026-07-01"
    assert data["summary"] == {
        "criteria": 63, "gap": 58, "missed": 1, "late": 0, "partial": 0, "on-track": 2,
        "not-yet-due": 2, "out-of-scope": 0,
    }  # fmt: skip
    assert "CC1.1" in data["gaps"] and "CC1.2" in data["gaps"] and "CC6.1" not in data["gaps"]


def test_out_of_scope_criteria_are_no_gaps(git_repo: GitRepo) -> None:
    config = FILES["soc2flow.yaml"] + "scope: {categories: [availability]}\n"
    data = json.loads(format_json(_coverage(git_repo, "soc2-tsc-2017", date(2026, 7, 1), config)))
    rows = {c["id"]: c for c in data["criteria"]}
    assert rows["PI1.1"]["status"] == "out-of-scope"
    assert rows["P8.1"]["status"] == "out-of-scope"
    assert rows["C1.1"]["status"] == "out-of-scope"
    assert rows["A1.1"]["status"] == "gap"  # availability is in scope
    assert rows["CC1.2"]["status"] == "gap"  # security always is
    assert "PI1.1" not in data["gaps"] and "A1.1" in data["gaps"]
    # 5 PI + 18 P + 2 C criteria are out of scope
    assert data["summary"]["out-of-scope"] == 25
    assert data["summary"]["gap"] == 58 - 25


def test_csf_ids_are_normalised(git_repo: GitRepo) -> None:
    rows = _by_id(_coverage(git_repo, "nist-csf-2.0", date(2026, 7, 1)))
    assert rows["PR.AA-01"]["status"] == "gap"
    assert rows["PR.AA-05"]["status"] == "on-track"
    assert "PR.AA-1" not in rows


@pytest.mark.parametrize("framework", ["soc2-tsc-2017", "nist-csf-2.0"])
def test_csv_has_one_row_per_criterion_and_control(git_repo: GitRepo, framework: str) -> None:
    coverage = _coverage(git_repo, framework, date(2026, 7, 1))
    rows = list(csv.DictReader(io.StringIO(format_csv(coverage))))
    assert len(rows) == sum(max(1, len(c.controls)) for c in coverage.criteria)
    if framework == "soc2-tsc-2017":
        cc62 = next(r for r in rows if r["criterion"] == "CC6.2")
        assert cc62["control"] == "AC-02"
        assert cc62["latest_performed"] == "2026-01-30"
        formula = next(r for r in rows if r["control"] == "AC-03" and r["criterion"] != "CC6.3")
        assert formula["criterion"] == "'@SUM(1)"
