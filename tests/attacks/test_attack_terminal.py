"""Text in the user's files cannot drive the reader's terminal (SPEC §7.6, §7.5).

A title can carry escape sequences (YAML's double-quoted ``\\e`` writes ESC): one that
clears the screen, one that sets the window title, one that hides text. On a real
pseudo-terminal, with colour on, none of them reaches the terminal from ``due`` or
``coverage``; the words around them still do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import GitRepo
from tests.terminal import run_on_terminal

CONFIG = """\
organization: Example Corp
timezone: UTC
frameworks: [soc2-tsc-2017]
audit:
  period: {start: 2026-01-01, end: 2026-12-31}
people:
  - {id: alice, name: Alice Ng, email: alice@example.com}
  - {id: carol, name: Carol Diaz, email: carol@example.com}
teams:
  security: {members: [alice], lead: carol}
"""
CONTROL = """\
id: AC-01
title: "Review\\e[2J\\e]0;pwned\\a access\\e[8m hidden\\e[0m now"
description: Quarterly review.
owner: alice
criticality: medium
cadence: quarterly
evidence: []
criteria: [CC6.1]
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = GitRepo(tmp_path_factory.mktemp("hostile") / "repo")
    repo.root.mkdir()
    repo.git("init", "-q", "-b", "main")
    repo.write("soc2flow.yaml", CONFIG)
    repo.write("controls/AC-01.yaml", CONTROL)
    repo.commit("Access review", author="alice", date="2026-01-05T10:00:00")
    return repo.root


@pytest.mark.parametrize("command", ["due", "coverage"])
def test_titles_cannot_send_escape_sequences(hostile: Path, command: str) -> None:
    code, raw = run_on_terminal(command, "--as-of", "2026-07-10", cwd=hostile, columns=100)
    assert code == 0, raw
    for sequence in ("\x1b[2J", "\x1b]0;", "\x07", "\x1b[8m"):
        assert sequence not in raw, (sequence, raw)
    assert "\x1b[" in raw  # colour is on: the escapes soc2flow writes itself still arrive
    text = " ".join(raw.split())
    assert "AC-01" in text
    if command == "due":  # coverage names controls by ID only
        assert "pwned" in text and "hidden" in text  # dropped characters, not dropped words
