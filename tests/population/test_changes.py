"""``soc2flow changes`` on a real code repository (SPEC §7.4)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import run_cli
from tests.population.conftest import CodeRepo


def changes(code: CodeRepo, *args: str) -> dict[str, Any]:
    result = run_cli("changes", "--format", "json", *args, cwd=code.repo.root)
    assert result.code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def by_commit(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {change["commit"]: change for change in data["changes"]}


def test_population_of_the_period_with_config(code: CodeRepo) -> None:
    data = changes(code, "--config", str(code.config))
    c = code.commits
    assert data["branch"] == "main"
    assert data["period"] == {"start": "2026-01-01", "end": "2026-01-31"}
    assert data["head"] == c["backdated"]
    assert data["sample"] is None
    # Newest first; the initial import is before the period, the later work after it, and
    # the backdated commit's effective date is that of the commit before it (February).
    assert [ch["commit"] for ch in data["changes"]] == [
        c["stale"], c["reviewed"], c["hotfix"], c["self"], c["merge"]
    ]  # fmt: skip
    rows = by_commit(data)
    head = code.repo.git("rev-parse", f"{c['merge']}^2").strip()  # the merged head's trailer
    assert rows[c["merge"]] == {
        "commit": c["merge"],
        "date": "2026-01-05",
        "pr": 1,
        "subject": "Merge pull request #1 from org/feat-login",
        "authors": ["Bob Stone <bob@example.com>"],
        "approvals": [{"who": "carol", "provenance": "trailer", "commit": head, "counted": True}],
        "independent": True,
        "flags": [],
    }
    assert rows[c["self"]]["pr"] == 2
    assert rows[c["self"]]["approvals"] == [
        {"who": "bob", "provenance": "trailer", "commit": c["self"], "counted": False}
    ]
    assert rows[c["self"]]["flags"] == ["unreviewed", "self-approved"]
    assert rows[c["self"]]["independent"] is False
    assert rows[c["hotfix"]]["pr"] is None
    assert rows[c["hotfix"]]["flags"] == ["unreviewed", "direct-push", "emergency"]
    assert rows[c["reviewed"]]["approvals"] == [
        {"who": "carol", "provenance": "pr-review", "commit": c["reviewed"], "counted": True}
    ]
    assert rows[c["reviewed"]]["authors"] == ["Dave Ruiz <dave@example.com>"]
    assert rows[c["reviewed"]]["flags"] == []
    # The only approval of PR 5 is in a commit older than the head it merged.
    assert rows[c["stale"]]["approvals"] == []
    assert rows[c["stale"]]["flags"] == ["unreviewed"]


def test_without_config_the_whole_history_and_identities_by_email(code: CodeRepo) -> None:
    data = changes(code)
    c = code.commits
    assert data["period"] is None
    assert data["changes"][0]["commit"] == c["backdated"]
    assert len(data["changes"]) == 8
    rows = by_commit(data)
    assert rows[c["merge"]]["approvals"][0]["who"] == "Carol Diaz <carol@example.com>"
    assert rows[c["self"]]["flags"] == ["unreviewed", "self-approved"]
    assert rows[c["hotfix"]]["flags"] == ["unreviewed", "direct-push"]  # no exceptions read
    assert rows[c["reviewed"]]["approvals"][0]["who"] == "carol-d"
    assert rows[c["backdated"]]["date"] == "2026-02-10"  # the monotone clock


def test_a_high_profile_does_not_count_trailers(code: CodeRepo) -> None:
    data = changes(code, "--config", str(code.config), "--profile", "high")
    rows = by_commit(data)
    merge = rows[code.commits["merge"]]
    assert [a["counted"] for a in merge["approvals"]] == [False]
    assert merge["flags"] == ["unreviewed"] and merge["independent"] is True
    assert rows[code.commits["reviewed"]]["flags"] == []


def test_sample_recomputed_independently(code: CodeRepo) -> None:
    data = changes(code, "--config", str(code.config), "--sample", "3", "--seed", "audit-2026")
    population = [ch["commit"] for ch in data["changes"]]
    expected = sorted(
        population, key=lambda commit: hashlib.sha256(f"audit-2026:{commit}".encode()).hexdigest()
    )[:3]
    assert data["sample"] == {"n": 3, "seed": "audit-2026", "commits": expected}
    assert len(data["changes"]) == 5  # the whole population is still listed
    again = changes(code, "--config", str(code.config), "--sample", "3", "--seed", "other")
    other = sorted(
        population, key=lambda commit: hashlib.sha256(f"other:{commit}".encode()).hexdigest()
    )[:3]
    assert again["sample"]["commits"] == other


def test_period_option_overrides_the_config(code: CodeRepo) -> None:
    data = changes(code, "--config", str(code.config), "--period", "2026-01-10..2026-01-15")
    assert [ch["commit"] for ch in data["changes"]] == [
        code.commits["hotfix"],
        code.commits["self"],
    ]


def test_csv_and_table(code: CodeRepo) -> None:
    result = run_cli("changes", "--config", str(code.config), "--format", "csv", cwd=code.repo.root)
    assert result.code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["commit"] for r in rows][-1] == code.commits["merge"]
    hotfix = next(r for r in rows if r["commit"] == code.commits["hotfix"])
    assert hotfix["pr"] == "" and hotfix["flags"] == "unreviewed;direct-push;emergency"
    merge = rows[-1]
    assert merge["approvals"] == "carol (trailer)" and merge["independent"] == "true"
    table = run_cli("changes", "--config", str(code.config), cwd=code.repo.root)
    assert table.code == 0
    assert code.commits["hotfix"][:12] in table.stdout
    assert "5 change(s) on main in 2026-01-01..2026-01-31" in table.stdout


def test_shallow_clone_stops_with_the_fix(code: CodeRepo, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", code.repo.root.as_uri(), str(clone)], check=True
    )
    result = run_cli("changes", cwd=clone)
    assert result.code == 2
    assert "fetch-depth: 0" in result.stderr and "Traceback" not in result.stderr


def test_bad_options_exit_2(code: CodeRepo, tmp_path: Path) -> None:
    root = code.repo.root
    cases = [
        (("--sample", "2"), "--sample needs --seed"),
        (("--period", "2026-01-01"), "is not START..END"),
        (("--period", "2026-02-01..2026-01-01"), "ends before it starts"),
        (("--branch", "nope"), "does not name a commit"),
        (("--config", str(tmp_path / "missing.yaml")), "cannot be read"),
        (("--config", str(code.config), "--profile", "urgent"), "is not a profile"),
        (("--profile", "high"), "--profile needs --config"),
    ]
    for args, message in cases:
        result = run_cli("changes", *args, cwd=root)
        assert result.code == 2, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert result.stdout == "" and "Traceback" not in result.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("organization: [unclosed\n", encoding="utf-8")
    result = run_cli("changes", "--config", str(broken), cwd=root)
    assert result.code == 2 and "not a valid soc2flow.yaml" in result.stderr


def test_a_repo_that_is_not_a_git_repository_is_refused_in_one_sentence(tmp_path: Path) -> None:
    """``changes`` reads code repositories: its refusals do not ask for a compliance one."""
    plain = tmp_path / "files"
    plain.mkdir()
    for repo, message in (
        (tmp_path / "missing", "is not a directory; pass --repo the path of a git repository"),
        (plain, "is not inside a git repository"),
    ):
        result = run_cli("changes", "--repo", str(repo), cwd=tmp_path)
        assert result.code == 2, result.stderr
        assert message in result.stderr and "compliance" not in result.stderr
        assert result.stdout == "" and "Traceback" not in result.stderr


def test_table_fits_the_terminal_and_never_crops(code: CodeRepo) -> None:
    """The table wraps to COLUMNS: whole ids, dates and flags at 80 columns, people by
    name (the JSON keeps their emails), and folding, not cropping, when very narrow."""
    data = changes(code, "--config", str(code.config))
    for width in (80, 100):
        result = run_cli(
            "changes", "--config", str(code.config), cwd=code.repo.root, env={"COLUMNS": str(width)}
        )
        assert result.code == 0, result.stderr
        lines = result.stdout.splitlines()
        assert max(len(line) for line in lines) <= width
        words = set(result.stdout.split())
        for change in data["changes"]:
            assert change["commit"][:12] in words and change["date"] in words
            assert set(change["flags"]) <= words
        assert "@example.com" not in result.stdout and "Bob" in result.stdout
        assert any("5 change(s) on main" in line for line in lines)
    wide = run_cli(
        "changes", "--config", str(code.config), cwd=code.repo.root, env={"COLUMNS": "200"}
    )
    narrow = run_cli(
        "changes", "--config", str(code.config), cwd=code.repo.root, env={"COLUMNS": "40"}
    )
    assert narrow.code == 0 and "…" not in narrow.stdout
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 40
    letters = [sum(ch.isalnum() for ch in r.stdout) for r in (wide, narrow)]
    assert letters[0] == letters[1]  # folded, nothing cut off
