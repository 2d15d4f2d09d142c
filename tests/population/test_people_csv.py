"""people.csv beside soc2flow.yaml, and ``left`` making a person inactive (SPEC §7.4)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from soc2flow.diagnostics import Diagnostic
from soc2flow.loading import WorkTree, load_repository
from soc2flow.usecases.validate import validate
from tests.validate.corpus import VALID


def repo_with(tmp_path: Path, csv: bytes | None) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(VALID, root)
    if csv is not None:
        (root / "people.csv").write_bytes(csv)
    return root


def csv_findings(root: Path) -> list[tuple[int, int, str]]:
    found: list[Diagnostic] = load_repository(WorkTree(root)).diagnostics
    return [(d.line, d.column, d.message) for d in found if d.rule == "people-csv-invalid"]


def test_csv_people_join_the_yaml_people(tmp_path: Path) -> None:
    root = repo_with(
        tmp_path,
        b"name,id,joined,left,active,manager,email,github\n"
        b"Erin Park,erin,2026-03-02,,,carol,erin@example.com,erin-p\n"
        b'"Ng, Frank",frank,2025-01-06,2026-05-29,true,,,\n',
    )
    loaded = load_repository(WorkTree(root))
    assert csv_findings(root) == []
    assert loaded.repo.config is not None
    people = {p.id: p for p in loaded.repo.config.model.people}
    assert set(people) == {"alice", "bob", "carol", "dave", "erin", "frank"}
    assert people["erin"].joined == date(2026, 3, 2) and people["erin"].manager == "carol"
    assert people["frank"].name == "Ng, Frank" and people["frank"].email is None
    assert people["frank"].active_on(date(2026, 5, 28))
    assert not people["frank"].active_on(date(2026, 5, 29))  # left on as-of: inactive


def test_each_problem_is_one_finding_at_its_row_and_column(tmp_path: Path) -> None:
    root = repo_with(
        tmp_path,
        b"id,name,joined,active\n"
        b"erin,Erin Park,2026-02-30,\n"  # impossible date: row 2, column 3
        b"bob,Bob Again,,\n"  # bob is in soc2flow.yaml: row 3, column 1
        b"gil,Gil,,\n"
        b"gil,Gil Twice,,\n"  # row 5, column 1
        b"hana,Hana,,maybe\n"  # row 6, column 4
        b"ivo,Ivo\n",  # a missing cell: row 7, column 3
    )
    found = csv_findings(root)
    assert [(row, column) for row, column, _ in found] == [(2, 3), (3, 1), (5, 1), (6, 4), (7, 3)]
    assert "joined '2026-02-30' is invalid" in found[0][2]
    assert "person id 'bob' is used twice" in found[1][2]


def test_header_problems(tmp_path: Path) -> None:
    root = repo_with(tmp_path, b"id,nmae,email\nerin,Erin,erin@example.com\n")
    found = csv_findings(root)
    assert [(row, column) for row, column, _ in found] == [(1, 2), (1, 4)]
    assert "'nmae' is not a column" in found[0][2]
    assert "the header has no 'name' column" in found[1][2]


def test_a_non_utf8_byte(tmp_path: Path) -> None:
    root = repo_with(tmp_path, b"id,name,email\nerin,Erin,e@x.com\nfranz,Franz M\xfcller,\n")
    assert [(r, c) for r, c, _ in csv_findings(root)] == [(3, 2)]


def test_left_before_as_of_makes_an_owner_inactive(tmp_path: Path) -> None:
    root = repo_with(tmp_path, None)
    config = root / "soc2flow.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace(
        "{id: bob, name: Bob Stone, email: bob@example.com, manager: carol}",
        "{id: bob, name: Bob Stone, email: bob@example.com, manager: carol, left: 2026-03-31}",
    )
    config.write_text(text, encoding="utf-8")
    before = validate(root, as_of=date(2026, 3, 30), use_history=False)
    after = validate(root, as_of=date(2026, 3, 31), use_history=False)
    assert not [f for f in before.findings if f.rule == "owner-inactive"]
    inactive = [f for f in after.findings if f.rule == "owner-inactive"]
    assert inactive and all("'bob'" in f.message for f in inactive)
