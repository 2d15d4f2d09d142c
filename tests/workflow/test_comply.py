from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from soc2flow.diagnostics import Diagnostic
from soc2flow.loading import WorkTree, load_repository
from soc2flow.workflow.comply_read import parse_date, read_doc
from soc2flow.workflow.cron import to_cadence
from tests.conftest import GitRepo, run_cli

FIXTURE = Path(__file__).parent / "comply_project"


def _front(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    return data


def test_import_converts_a_comply_project(git_repo: GitRepo) -> None:
    result = run_cli("import", "comply", str(FIXTURE), cwd=git_repo.root)
    assert result.code == 1, result.stderr  # findings: CC9.9, a bad cron, leftover template text
    root = git_repo.root
    written = {line.split()[0] for line in result.stdout.splitlines() if "  <-  " in line}
    assert written == {
        "soc2flow.yaml",
        "policies/access.md",
        "policies/incident.md",
        "policies/narrative-control.md",
        "policies/narrative-organization.md",
        "controls/PROC-ACCESS-REVIEW.yaml",
        "controls/PROC-BROKEN.yaml",
        "controls/PROC-OFFBOARD.yaml",
        "controls/PROC-ONBOARD.yaml",
        "controls/PROC-PATCH.yaml",
    }
    assert not any("README" in line for line in result.stdout.splitlines() if "<-" in line)

    access = _front(root / "policies" / "access.md")
    assert access["id"] == "POL-AOTP"
    assert access["title"] == "Access Onboarding and Termination Policy"
    assert access["criteria"] == ["CC6.1", "CC6.2"]
    assert access["owner"] == "unassigned"
    assert access["x-comply-revisions"][0] == {"date": "2018-06-01", "comment": "Initial document"}
    body = (root / "policies" / "access.md").read_text(encoding="utf-8")
    assert "how Acme Widgets grants" in body and "contractors of Acme Widgets." in body
    assert "| 2020-03-03 | Add contractors |" in body

    incident = _front(root / "policies" / "incident.md")
    assert incident["criteria"] == ["CC7.3", "CC7.4"]
    assert incident["x-comply-unmapped"] == ["CC9.9"]
    assert "policies/incident.md:8:7: error comply-criterion-unknown: CC9.9" in result.stdout
    assert "{{.SecurityEmail}}" in result.stdout

    cadences = {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["cadence"]
        for path in (root / "controls").iterdir()
    }
    assert cadences == {
        "PROC-OFFBOARD": "monthly",
        "PROC-ACCESS-REVIEW": "quarterly",
        "PROC-PATCH": {"rrule": "FREQ=WEEKLY;BYDAY=MO,TH"},
        "PROC-ONBOARD": "on-change",
        "PROC-BROKEN": "on-change",
    }
    assert "procedures/broken.md:3:1: error comply-cron-invalid" in result.stdout
    assert "owner and approvers of 4 policies and 5 controls" in result.stdout

    loaded = load_repository(WorkTree(root))
    assert loaded.diagnostics == []
    assert loaded.repo.config is not None
    assert loaded.repo.config.model.organization == "Acme Widgets"


def test_yaml_words_stay_the_strings_comply_reads(git_repo: GitRepo) -> None:
    """comply reads front matter into Go strings: ``acronym: ON`` is "ON", never true."""
    result = run_cli("import", "comply", str(FIXTURE), cwd=git_repo.root)
    assert result.code == 1, result.stderr
    assert "policies/narrative-organization.md  <-  narratives/organization.md" in result.stdout
    narrative = _front(git_repo.root / "policies" / "narrative-organization.md")
    assert narrative["id"] == "NAR-ON"
    assert narrative["x-comply-revisions"] == [{"date": "2018-06-01", "comment": "No"}]
    assert "NAR-TRUE" not in result.stdout


def test_words_and_numbers_in_a_document_are_read_as_written() -> None:
    doc = read_doc("policies/x.md", b"name: 1.10\nacronym: off\nid: 007\n---\nbody\n")
    assert not isinstance(doc, Diagnostic)
    assert doc.meta == {"name": "1.10", "acronym": "off", "id": "007"}


@pytest.mark.parametrize(
    "word", ["y", "Yes", "ON", "off", "n", "NO", "True", "1e3", "0x1F", "2018-06-01", ".inf"]
)
def test_every_yaml_11_spelling_stays_an_acronym(word: str) -> None:
    doc = read_doc("narratives/x.md", f"name: X\nacronym: {word}\n---\nbody\n".encode())
    assert not isinstance(doc, Diagnostic)
    assert doc.meta["acronym"] == word


@pytest.mark.parametrize("word", ["~", "null", ""])
def test_a_null_acronym_is_no_acronym(word: str) -> None:
    """As comply reads it (Go's zero value): the ID is made from the file name."""
    doc = read_doc("narratives/x.md", f"name: X\nacronym: {word}\n---\nbody\n".encode())
    assert not isinstance(doc, Diagnostic)
    assert doc.meta["acronym"] is None


def test_import_never_overwrites(git_repo: GitRepo) -> None:
    git_repo.write("policies/access.md", "mine\n")
    result = run_cli("import", "comply", str(FIXTURE), cwd=git_repo.root)
    assert result.code == 2
    assert "policies/access.md already exists" in result.stderr
    assert not (git_repo.root / "controls").exists()
    assert (git_repo.root / "policies" / "access.md").read_text(encoding="utf-8") == "mine\n"


def test_import_refuses_what_is_not_a_comply_project(tmp_path: Path) -> None:
    result = run_cli("import", "comply", str(tmp_path), "--repo", str(tmp_path), cwd=tmp_path)
    assert result.code == 2
    assert "not a comply project" in result.stderr


def test_hostile_files_become_findings(git_repo: GitRepo, tmp_path: Path) -> None:
    project = tmp_path / "comply"
    shutil.copytree(FIXTURE, project)
    (project / "policies" / "latin1.md").write_bytes(b"name: Caf\xe9\n---\nbody\n")
    (project / "policies" / "bomb.md").write_text(
        "name: &a [x, x]\nacronym: *a\n---\n", encoding="utf-8"
    )
    (project / "policies" / "nofm.md").write_text("just text\n", encoding="utf-8")
    result = run_cli("import", "comply", str(project), cwd=git_repo.root)
    assert result.code == 1
    assert "policies/latin1.md:1:10: error encoding-invalid" in result.stdout
    assert "policies/bomb.md:2:10: error comply-unreadable: YAML aliases" in result.stdout
    assert "policies/nofm.md:1:1: error comply-unreadable: no '---' line" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("cron", "cadence"),
    [
        ("0 0 0 * * *", "daily"),
        ("0 0 9 * * MON", "weekly"),
        ("0 0 0 1 * *", "monthly"),
        ("0 0 0 1 */3 *", "quarterly"),
        ("0 0 0 1 JAN,JUL *", "semiannual"),
        ("0 0 0 15 3 *", "annual"),
        ("0 0 0 1 1,2,9 *", {"rrule": "FREQ=YEARLY;BYMONTH=1,2,9;BYMONTHDAY=1"}),
        ("0 0 0 1,15 * *", {"rrule": "FREQ=MONTHLY;BYMONTHDAY=1,15"}),
        ("0 0 12 * * 1-5", {"rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"}),
        ("0 0 * * 0", "weekly"),  # five fields: no seconds
        ("0 0 0 32 * *", None),
        ("0 0 0 1 * * *", None),
        ("0 0 0 */0 * *", None),
    ],
)
def test_cron_to_nearest_cadence(cron: str, cadence: object) -> None:
    assert to_cadence(cron) == cadence


def test_comply_dates() -> None:
    assert str(parse_date("Jun 1 2018")) == "2018-06-01"
    assert str(parse_date("June 15, 2019")) == "2019-06-15"
    assert parse_date("someday") is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_cron_never_crashes(text: str) -> None:
    to_cadence(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_reading_a_document_never_crashes(raw: bytes) -> None:
    read_doc("policies/x.md", raw)


def test_import_refuses_symlinked_target_folders(git_repo: GitRepo, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (git_repo.root / "controls").symlink_to(outside)
    result = run_cli("import", "comply", str(FIXTURE), cwd=git_repo.root)
    assert result.code == 2
    assert "symlinked folder" in result.stderr
    assert list(outside.iterdir()) == []
    assert not (git_repo.root / "policies").exists()
