"""``soc2flow evidence ack POLICY FILE.csv`` (SPEC §7.4)."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from soc2flow.usecases.due import run_due
from tests.conftest import GitRepo, run_cli
from tests.population.test_acknowledgements import CONFIG, policy


@pytest.fixture
def program(git_repo: GitRepo) -> GitRepo:
    git_repo.write("soc2flow.yaml", CONFIG)
    git_repo.write(
        "policies/aup.md", policy("POL-AUP", "{cadence: annual, new_hires_within: P30D}")
    )
    git_repo.commit("Policies", date="2026-01-02T09:00:00")
    return git_repo


def record(root: Path, folder: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((root / folder / "record.yaml").read_text("utf-8"))
    return data


def evidence_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in (root / "evidence").rglob("*") if p.is_file())


def test_one_record_per_date_with_the_rows_attached(program: GitRepo, tmp_path: Path) -> None:
    export = tmp_path / "signatures.csv"
    export.write_text(
        "Email,Date\nBob@Example.com,2026-01-20\nfrank@example.com,2026-01-21T10:03:00Z\n"
        "alice@example.com,2026-01-20\n",
        encoding="utf-8",
    )
    result = run_cli("evidence", "ack", "POL-AUP", str(export), "--by", "alice", cwd=program.root)
    assert result.code == 0, result.stderr
    folders = result.stdout.split()
    assert folders == [
        "evidence/POL-AUP/2026-01-20-acknowledgements",
        "evidence/POL-AUP/2026-01-21-acknowledgements",
    ]
    first = record(program.root, folders[0])
    attached = (program.root / folders[0] / "acknowledgements.csv").read_bytes()
    assert first == {
        "control": "POL-AUP",
        "performed": date(2026, 1, 20),
        "performed_by": "alice",
        "result": "pass",
        "people": ["bob", "alice"],
        "files": [
            {
                "path": "acknowledgements.csv",
                "evidence": "acknowledgements",
                "sha256": hashlib.sha256(attached).hexdigest(),
            }
        ],
    }
    rows = list(csv.reader(io.StringIO(attached.decode())))
    assert rows == [
        ["email", "date"],
        ["Bob@Example.com", "2026-01-20"],
        ["alice@example.com", "2026-01-20"],
    ]
    assert record(program.root, folders[1])["people"] == ["frank"]
    # validate accepts what it wrote, and due counts it per person.
    checked = run_cli("validate", "--as-of", "2026-02-01", cwd=program.root)
    assert "error" not in checked.stdout, checked.stdout
    program.commit("Acknowledgements", date="2026-01-22T09:00:00")
    report = run_due(program.root, "HEAD", lambda tz: date(2026, 2, 1)).report
    owing = {i.owner for i in report.items if i.kind == "acknowledgment"}
    # alice, bob and frank signed; carol and erin have not joined yet; dave did not sign.
    assert owing == {"dave"}


def test_an_unknown_person_writes_nothing(program: GitRepo, tmp_path: Path) -> None:
    export = tmp_path / "signatures.csv"
    export.write_text(
        "person,date\nbob,2026-01-20\nzed,2026-01-21\nyan,2026-01-21\n", encoding="utf-8"
    )
    result = run_cli("evidence", "ack", "POL-AUP", str(export), "--by", "alice", cwd=program.root)
    assert result.code == 2
    assert "'zed', 'yan'" in result.stderr and "nothing was written" in result.stderr
    assert not (program.root / "evidence").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,date\nbob,2026-01-20\n", "the header must be"),
        (b"person,date,extra\nbob,2026-01-20,x\n", "the header must be"),
        (b"person,date\nbob,2026-02-30\n", "is not a date"),
        (b"person,date\nbob,2099-01-01\n", "is in the future"),
        (b"person,date\n", "has no acknowledgements"),
        (b"person,date\nb\xf6b,2026-01-20\n", "is not UTF-8"),
    ],
)
def test_bad_exports_exit_2(program: GitRepo, tmp_path: Path, content: bytes, message: str) -> None:
    export = tmp_path / "export.csv"
    export.write_bytes(content)
    result = run_cli("evidence", "ack", "POL-AUP", str(export), "--by", "alice", cwd=program.root)
    assert result.code == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (program.root / "evidence").exists()


def test_commit_like_evidence_add(program: GitRepo, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text("person,date\nbob,2026-01-20\n", encoding="utf-8")
    result = run_cli(
        "evidence", "ack", "POL-AUP", str(export), "--by", "alice", "--commit", cwd=program.root,
        env={"GIT_AUTHOR_NAME": "Alice Ng", "GIT_AUTHOR_EMAIL": "alice@example.com",
             "GIT_COMMITTER_NAME": "Alice Ng", "GIT_COMMITTER_EMAIL": "alice@example.com"},
    )  # fmt: skip
    assert result.code == 0, result.stderr
    message = program.git("log", "-1", "--format=%B")
    assert "Control: POL-AUP" in message
    assert program.git("status", "--porcelain") == ""
    assert evidence_files(program.root) == [
        "evidence/POL-AUP/2026-01-20-acknowledgements/acknowledgements.csv",
        "evidence/POL-AUP/2026-01-20-acknowledgements/record.yaml",
    ]
