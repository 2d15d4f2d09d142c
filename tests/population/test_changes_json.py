"""``changes --format json`` writes each change as the JSON encoder would write its
``as_dict()``: the fast writer and the contract cannot drift apart."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date
from zoneinfo import ZoneInfo

from soc2flow.domain.changes import Commit
from soc2flow.domain.judging import Approval
from soc2flow.history.clock import LineClock
from soc2flow.history.graph import Landed
from soc2flow.history.population import load_window
from soc2flow.population.changes import ChangePopulation, ChangeRow, change_population
from soc2flow.population.inputs import changes_inputs
from soc2flow.reporters.changes import changes_json, format_json
from tests.population.conftest import CodeRepo


def encoded(row: ChangeRow) -> str:
    """What the generic C encoder writes for the row's JSON value."""
    return json.JSONEncoder(ensure_ascii=False).encode(row.as_dict())


def contract(population: ChangePopulation) -> str:
    """The whole document as ``as_dict()`` and the encoder give it, one change per line."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    parts = []
    for key, value in population.as_dict().items():
        if key == "changes" and value:
            text = "[\n    " + ",\n    ".join(encode(change) for change in value) + "\n  ]"
        else:
            text = encode(value)
        parts.append(f"  {encode(key)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


HOSTILE = [
    'quote " backslash \\ slash /',
    "control \x00\x01\x1f\x7f tab\t newline\n return\r",
    "unicode é 漢字 \u2028 \u2029 emoji 🎉 replacement \ufffd",
    '"}, {"commit": "injected", "flags": []}',
    "",
]


def test_every_value_is_written_as_the_encoder_writes_it() -> None:
    rows: list[ChangeRow] = []
    for text in HOSTILE:
        approvals = (
            Approval(text, "trailer", "c" * 40, counted=True),
            Approval(f"login-{text}", "pr-review", text, counted=False),
        )
        for pr in (None, 0, 7, 12345678901234567890):
            for independent in (True, False):
                row = ChangeRow(
                    commit=text or "a" * 40,
                    date=date(2026, 1, 5),
                    pr=pr,
                    subject=text,
                    authors=(f"{text} <{text}@example.com>", "Second <s@example.com>"),
                    approvals=approvals if independent else (),
                    independent=independent,
                    flags=("unreviewed", text) if pr is None else (),
                )
                assert changes_json([row]) == [encoded(row)]
                assert json.loads(changes_json([row])[0]) == row.as_dict()
                rows.append(row)
    # written together, days and flag lists are written once and reused
    assert changes_json(rows) == [encoded(row) for row in rows]


def test_the_document_is_the_contract_on_a_real_repository(code: CodeRepo) -> None:
    for config in (code.config, None):
        inputs = changes_inputs(config, None, None)
        with LineClock(code.repo.root, "HEAD") as clock:
            population = change_population(clock, "HEAD", inputs, (2, "seed"))
        assert population.changes and any(row.approvals for row in population.changes)
        assert format_json(population) == contract(population)
        for row in population.changes:  # each row is the value ChangeRow(...) builds
            built = ChangeRow(**{f.name: getattr(row, f.name) for f in fields(ChangeRow)})
            assert row == built and hash(row) == hash(built) and repr(row) == repr(built)


def test_an_empty_population(code: CodeRepo) -> None:
    inputs = changes_inputs(code.config, None, "1990-01-01..1990-01-02")
    with LineClock(code.repo.root, "HEAD") as clock:
        population = change_population(clock, "HEAD", inputs, None)
    assert population.changes == ()
    assert format_json(population) == contract(population)
    assert json.loads(format_json(population))["changes"] == []


def test_the_line_holds_the_values_landed_builds(code: CodeRepo) -> None:
    """``first_parent_line`` fills each Landed's fields itself: the same value as
    ``Landed(...)``, and its floor is the previous commit's effective date."""
    with LineClock(code.repo.root, "HEAD") as clock:
        window = load_window(clock, ZoneInfo("UTC"), None)
    assert window.history is not None
    line = window.history.line
    assert any(landed.branch for landed in line) and len(line) == 8
    for landed in line:
        built = Landed(landed.commit, landed.branch, landed.floor)
        assert landed == built and hash(landed) == hash(built) and repr(landed) == repr(built)
        commit = landed.commit  # history.log fills each Commit's fields itself too
        again = Commit(**{f.name: getattr(commit, f.name) for f in fields(Commit)})
        assert commit == again and hash(commit) == hash(again) and repr(commit) == repr(again)
    for older, newer in zip(line[1:], line, strict=False):
        assert newer.floor == older.date
