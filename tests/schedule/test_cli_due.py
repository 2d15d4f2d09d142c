"""`soc2flow due` end to end, through the real entry point, once per format."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from soc2flow.schedule.items import FIELDS
from tests.conftest import SRC, GitRepo, run_cli
from tests.schedule import scenario


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GitRepo]:
    root = tmp_path_factory.mktemp("cli") / "repo"
    root.mkdir()
    repo = GitRepo(root)
    repo.git("init", "-q", "-b", "main")
    scenario.build(repo)
    yield repo


def due(repo: GitRepo, *args: str) -> tuple[int, str, str]:
    result = run_cli("due", "--repo", str(repo.root), "--as-of", "2026-07-10", *args, cwd=repo.root)
    return result.code, result.stdout, result.stderr


def test_json(built: GitRepo) -> None:
    code, out, err = due(built, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2026-07-10"
    assert [list(i) for i in data["items"]] == [list(FIELDS)] * len(data["items"])
    assert data["items"][0]["kind"] == "retro-approval"
    assert err == "9 items due as of 2026-07-10: 6 overdue, 0 due soon, 3 ok\n"


def test_csv(built: GitRepo) -> None:
    code, out, _ = due(built, "--format", "csv", "--kind", "remediation")
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [
        list(FIELDS),
        [
            "AC-01",
            "remediation",
            "Quarterly user access review",
            "bob",
            "2026-07-07",
            "overdue",
            "-3",
            "2026-Q2",
            "2026-03-28",
            "",
            "evidence/AC-01/2026-06-20/record.yaml",
        ],
    ]


def test_ics(built: GitRepo) -> None:
    args = [
        "--repo",
        str(built.root),
        "--as-of",
        "2026-07-10",
        "--format",
        "ics",
        "--owner",
        "alice",
    ]
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    run = [sys.executable, "-m", "soc2flow", "due", *args]
    out = subprocess.run(run, capture_output=True, env=env, check=True).stdout
    assert out.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert out.endswith(b"END:VTODO\r\nEND:VCALENDAR\r\n")
    assert b"\n" not in out.replace(b"\r\n", b"")
    assert out.count(b"BEGIN:VTODO") == 4  # alice, and the security team she is in
    assert b"DUE;VALUE=DATE:20260407\r\n" in out
    assert subprocess.run(run, capture_output=True, env=env, check=True).stdout == out


def test_markdown(built: GitRepo) -> None:
    code, out, _ = due(built, "--format", "markdown", "--within", "0")
    assert code == 0
    assert out.startswith("# What is due as of 2026-07-10\n\n6 overdue, 0 due soon, 0 ok.\n")
    assert "## Alice Ng (`alice`): 2 overdue, 0 due soon, 0 ok" in out


def test_table_and_fail_on(built: GitRepo) -> None:
    code, out, _ = due(built, "--fail-on", "overdue")
    assert code == 1
    assert "What is due as of 2026-07-10" in out and "\x1b[" not in out
    assert "  bob\n" in out  # owners by id, as --owner takes them
    code, _, _ = due(built, "--within", "30d", "--kind", "policy-review", "--fail-on", "due-soon")
    assert code == 0
    result = run_cli(
        "due",
        "--repo",
        str(built.root),
        "--as-of",
        "2026-12-30",
        "--kind",
        "policy-review",
        "--fail-on",
        "due-soon",
        cwd=built.root,
    )
    assert result.code == 1


def test_bad_options(built: GitRepo) -> None:
    code, _, err = due(built, "--within", "soon")
    assert (
        code == 2
        and err == "soc2flow: --within 'soon' is not a number of days; write it as 30d or 30\n"
    )
    code, _, err = due(built, "--format", "xml")
    assert code == 2 and "'xml' is not one of table, json, csv, ics, markdown" in err
    code, _, err = due(built, "--kind", "nope")
    assert code == 2 and "--kind" in err


def test_unloadable_files_are_skipped_and_counted(git_repo: GitRepo) -> None:
    scenario.build(git_repo)
    git_repo.write("controls/BROKEN.yaml", "id: [unclosed\n")
    git_repo.write(
        "evidence/AC-01/2026-07-01/record.yaml", "control: AC-01\nperformed: 2026-02-30\n"
    )
    result = run_cli("due", "--as-of", "2026-07-10", "--format", "json", cwd=git_repo.root)
    assert result.code == 0
    assert len(json.loads(result.stdout)["items"]) == 9  # what loaded: the same items as before
    assert "2 file(s) could not be loaded and were skipped; run soc2flow validate" in result.stderr


def test_not_a_repository(tmp_path: pytest.TempPathFactory) -> None:
    result = run_cli("due", "--repo", str(tmp_path), cwd=tmp_path)  # type: ignore[arg-type]
    assert (
        result.code == 2
        and result.stderr.startswith("soc2flow: ")
        and "Traceback" not in result.stderr
    )
