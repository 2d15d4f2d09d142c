"""Exact output of each validate format."""

from __future__ import annotations

import json
from datetime import date

from soc2flow.diagnostics import error, warning
from soc2flow.reporters.validate import (
    FORMATS,
    format_github,
    format_json,
    format_sarif,
    format_text,
    summary,
)
from soc2flow.rules import all_rules
from soc2flow.usecases.validate import ValidateResult

RULES = all_rules()


def _result() -> ValidateResult:
    findings = [
        error(
            "owner-inactive",
            "owner 'dave' is not an active person or team",
            "controls/AC-01.yaml",
            12,
            3,
        ),
        warning(
            "record-date-mismatch",
            "performed 2026-05-01 is after 2026-04-01",
            "evidence/AC-01/2026-05-01/record.yaml",
            2,
            1,
        ),
        error("yaml-invalid", "50% done, a: b\nnext line", "controls/a,b:c.yaml", 1, 1),
    ]
    rules = {k: RULES[k] for k in ("owner-inactive", "record-date-mismatch", "yaml-invalid")}
    return ValidateResult(findings, files=7, as_of=date(2026, 4, 1), notes=[], rules=rules)


def test_text_is_one_line_per_finding() -> None:
    assert format_text(_result()) == (
        "controls/AC-01.yaml:12:3: error owner-inactive: owner 'dave' is not an active person or team\n"
        "evidence/AC-01/2026-05-01/record.yaml:2:1: warning record-date-mismatch: performed 2026-05-01 is after 2026-04-01\n"
        "controls/a,b:c.yaml:1:1: error yaml-invalid: 50% done, a: b next line\n"
    )


def test_json_has_the_spec_shape() -> None:
    document = json.loads(format_json(_result()))
    assert document["summary"] == {"errors": 2, "warnings": 1, "files": 7}
    assert document["findings"][0] == {
        "path": "controls/AC-01.yaml",
        "line": 12,
        "column": 3,
        "severity": "error",
        "rule": "owner-inactive",
        "message": "owner 'dave' is not an active person or team",
    }
    assert list(document) == ["findings", "summary"]


def test_github_annotations_escape_data_and_properties() -> None:
    assert format_github(_result()) == (
        "::error file=controls/AC-01.yaml,line=12,col=3,title=owner-inactive::"
        "owner 'dave' is not an active person or team\n"
        "::warning file=evidence/AC-01/2026-05-01/record.yaml,line=2,col=1,title=record-date-mismatch::"
        "performed 2026-05-01 is after 2026-04-01\n"
        "::error file=controls/a%2Cb%3Ac.yaml,line=1,col=1,title=yaml-invalid::"
        "50%25 done, a: b%0Anext line\n"
    )


def test_sarif_has_one_result_per_finding_and_rule_metadata() -> None:
    document = json.loads(format_sarif(_result()))
    assert document["version"] == "2.1.0"
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["owner-inactive", "record-date-mismatch", "yaml-invalid"]
    assert rules[0]["defaultConfiguration"] == {"level": "error"}
    assert "Fails: `owner: dave`" in rules[0]["help"]["text"]
    assert len(run["results"]) == 3
    assert run["results"][1] == {
        "ruleId": "record-date-mismatch",
        "ruleIndex": 1,
        "level": "warning",
        "message": {"text": "performed 2026-05-01 is after 2026-04-01"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {
                        "uri": "evidence/AC-01/2026-05-01/record.yaml",
                        "uriBaseId": "%SRCROOT%",
                    },
                    "region": {"startLine": 2, "startColumn": 1},
                }
            }
        ],
    }


def test_empty_result_and_summary() -> None:
    empty = ValidateResult([], files=1, as_of=date(2026, 4, 1), notes=["history rules skipped"])
    assert format_text(empty) == ""
    assert format_github(empty) == ""
    assert json.loads(format_json(empty)) == {
        "findings": [],
        "summary": {"errors": 0, "warnings": 0, "files": 1},
    }
    assert (
        summary(empty)
        == "note: history rules skipped\n0 errors, 0 warnings in 1 file (as of 2026-04-01)\n"
    )
    assert summary(_result()) == "2 errors, 1 warning in 7 files (as of 2026-04-01)\n"


def test_format_registry_lists_every_format() -> None:
    assert list(FORMATS) == ["text", "json", "github", "sarif"]


def test_json_text_is_stable() -> None:
    one = ValidateResult(
        [
            error(
                "exception-expired", "exception expired on 2026-03-01", "exceptions/E-1.yaml", 9, 1
            )
        ],
        files=2,
        as_of=date(2026, 4, 1),
    )
    assert format_json(one) == (
        "{\n"
        '  "findings": [\n'
        "    {\n"
        '      "path": "exceptions/E-1.yaml",\n'
        '      "line": 9,\n'
        '      "column": 1,\n'
        '      "severity": "error",\n'
        '      "rule": "exception-expired",\n'
        '      "message": "exception expired on 2026-03-01"\n'
        "    }\n"
        "  ],\n"
        '  "summary": {\n'
        '    "errors": 1,\n'
        '    "warnings": 0,\n'
        '    "files": 2\n'
        "  }\n"
        "}\n"
    )
