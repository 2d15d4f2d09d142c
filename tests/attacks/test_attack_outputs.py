"""Output cannot be turned against its reader: CSV, Markdown, terminal, annotations, SARIF,
CODEOWNERS."""

from __future__ import annotations

import csv
import io
import json
import re

from tests.attacks.evidence_repo import build
from tests.conftest import GitRepo, run_cli

# A title that is a formula, a terminal hyperlink, a bell, Markdown and HTML, on two lines.
HOSTILE = (
    r'"=HYPERLINK(\"http://evil\") \e]8;;http://evil\aclick\e]8;;\a \e[31mred\a '
    r'[x](http://evil) ![i](http://evil/i.png) @mallory <img src=x>\nnext line"'
)


def _hostile(repo: GitRepo) -> GitRepo:
    build(repo, with_record=False)
    repo.write(
        "controls/AC-02.yaml",
        f"id: AC-02\ntitle: {HOSTILE}\nowner: alice\ncadence: quarterly\n"
        "evidence:\n  - {id: export}\n",
    )
    repo.commit("A second control", date="2026-01-06T10:00:00")
    return repo


def _due(repo: GitRepo, *args: str) -> str:
    result = run_cli("due", "--as-of", "2026-05-15", *args, cwd=repo.root)
    assert result.code in (0, 1), result.stderr
    return result.stdout


def test_csv_cells_never_start_a_formula_and_numbers_stay_numbers(git_repo: GitRepo) -> None:
    rows = list(csv.reader(io.StringIO(_due(_hostile(git_repo), "--format", "csv"))))
    header, body = rows[0], rows[1:]
    titles = [r[header.index("title")] for r in body if r[0] == "AC-02"]
    assert titles and all(t.startswith("'=HYPERLINK") for t in titles)
    assert all("\n" not in t and "\x1b" not in t for t in titles)
    days = [r[header.index("days")] for r in body]
    assert all(d.lstrip("-").isdigit() for d in days)  # no quote before a negative number


def test_markdown_digest_escapes_links_images_mentions_and_html(git_repo: GitRepo) -> None:
    text = _due(_hostile(git_repo), "--format", "markdown")
    line = next(x for x in text.splitlines() if "AC-02" in x)
    assert "](http" not in line.replace("\\](", "")
    assert "![" not in line.replace("\\!\\[", "")
    assert "<img" not in line.replace("\\<img", "")  # only an escaped, literal "<"
    assert "@mallory" not in line  # a mention would notify mallory
    assert "\x1b" not in text and "\x07" not in text


def test_terminal_table_and_text_drop_control_characters(git_repo: GitRepo) -> None:
    repo = _hostile(git_repo)
    table = _due(repo, "--format", "table")
    assert "AC-02" in table
    assert "\x1b" not in table and "\x07" not in table
    shown = run_cli("show", "AC-02", "--as-of", "2026-05-15", cwd=repo.root)
    assert shown.code == 0, shown.stderr
    assert "\x1b" not in shown.stdout and "\x07" not in shown.stdout


def test_annotations_and_text_findings_stay_on_one_line(git_repo: GitRepo) -> None:
    repo = _hostile(git_repo)
    repo.write(
        "controls/AC-03.yaml",
        "id: AC-03\ntitle: x\nowner: alice\ncadence: 'a::b\n\n::error::forged'\n",
    )
    finding = {"github": r"::(error|warning) file=", "text": r"[\w./-]+:\d+:\d+: (error|warning) "}
    for fmt, pattern in finding.items():
        result = run_cli("validate", "--format", fmt, "--as-of", "2026-05-15", cwd=repo.root)
        lines = [x for x in result.stdout.splitlines() if x]
        assert lines and all(re.match(pattern, x) for x in lines), result.stdout
        assert not any(x.startswith("::error::forged") for x in lines)


def test_sarif_uris_are_percent_encoded(git_repo: GitRepo) -> None:
    build(git_repo, with_record=False)
    git_repo.write(
        "controls/AC 50%#x.yaml", "id: AC-50\ntitle: x\nowner: zed\ncadence: quarterly\n"
    )
    result = run_cli("validate", "--format", "sarif", "--as-of", "2026-05-15", cwd=git_repo.root)
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(result.stdout)["runs"][0]["results"]
    ]
    assert "controls/AC%2050%25%23x.yaml" in uris


def test_a_login_with_a_newline_never_reaches_codeowners(git_repo: GitRepo) -> None:
    build(git_repo, with_record=False)
    config = (git_repo.root / "soc2flow.yaml").read_text()
    git_repo.write(
        "soc2flow.yaml", config.replace("github: alice}", 'github: "alice\\n* @mallory"}')
    )
    found = run_cli("validate", "--format", "json", "--as-of", "2026-05-15", cwd=git_repo.root)
    rules = {f["rule"] for f in json.loads(found.stdout)["findings"]}
    assert "person-field-invalid" in rules
    run_cli("codeowners", cwd=git_repo.root)
    owners = git_repo.root / ".github" / "CODEOWNERS"
    text = owners.read_text() if owners.exists() else ""
    assert "* @mallory" not in text
