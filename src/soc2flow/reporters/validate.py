"""Formats of `soc2flow validate` findings: text, json, github, sarif.

Each formatter is a pure ``format(result) -> str``; FORMATS is the registry that
also builds the CLI's ``--format`` choices.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from soc2flow import __version__
from soc2flow.text import annotation, annotation_property, clean, clean_line, uri_path

if TYPE_CHECKING:  # this module stays light: the CLI imports it to list the formats
    from soc2flow.diagnostics import Diagnostic
    from soc2flow.usecases.validate import ValidateResult

HOME = "https://github.com/soc2flow/soc2flow"
RULES_DOC = f"{HOME}/blob/main/docs/rules.md"


def format_text(result: ValidateResult) -> str:
    """One line per finding: ``path:line:col: severity rule-id: message``."""
    return "".join(
        clean_line(f"{d.path}:{d.line}:{d.column}: {d.severity} {d.rule}: {d.message}") + "\n"
        for d in result.findings
    )


def format_json(result: ValidateResult) -> str:
    """The stable JSON document of SPEC §5."""
    document = {
        "findings": [d.as_dict() for d in result.findings],
        "summary": {"errors": result.errors, "warnings": result.warnings, "files": result.files},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _annotation(d: Diagnostic) -> str:
    props = ",".join(
        f"{key}={annotation_property(str(value))}"
        for key, value in (("file", d.path), ("line", d.line), ("col", d.column), ("title", d.rule))
    )
    return f"::{d.severity} {props}::{annotation(d.message)}\n"


def format_github(result: ValidateResult) -> str:
    """GitHub Actions workflow commands: one annotation per finding."""
    return "".join(_annotation(d) for d in result.findings)


def format_sarif(result: ValidateResult) -> str:
    """SARIF 2.1.0: one run, every rule's metadata, one result per finding."""
    ids = list(result.rules)
    rules = [
        {
            "id": rule.id,
            "name": rule.id,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.summary},
            "helpUri": f"{RULES_DOC}#{rule.id}",
            "help": {
                "text": f"{rule.summary} Fails: {rule.fails}. Passes: {rule.passes}.",
                "markdown": f"{rule.summary}\n\n- Fails: {rule.fails}\n- Passes: {rule.passes}",
            },
            "defaultConfiguration": {"level": str(rule.severity)},
        }
        for rule in result.rules.values()
    ]
    results = [_sarif_result(d, ids) for d in result.findings]
    driver = {"name": "soc2flow", "version": __version__, "informationUri": HOME, "rules": rules}
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _sarif_result(d: Diagnostic, ids: list[str]) -> dict[str, object]:
    found: dict[str, object] = {"ruleId": d.rule}
    if d.rule in ids:
        found["ruleIndex"] = ids.index(d.rule)
    found["level"] = str(d.severity)
    found["message"] = {"text": clean(d.message)}
    found["locations"] = [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": uri_path(d.path), "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": d.line, "startColumn": d.column},
            }
        }
    ]
    return found


FORMATS: dict[str, Callable[[ValidateResult], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "sarif": format_sarif,
}


def summary(result: ValidateResult) -> str:
    """The one-line summary for stderr, with any notes before it."""
    lines = [f"note: {note}" for note in result.notes]
    errors = f"{result.errors} error{'s' if result.errors != 1 else ''}"
    warnings = f"{result.warnings} warning{'s' if result.warnings != 1 else ''}"
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    lines.append(f"{errors}, {warnings} in {files} (as of {result.as_of})")
    return "\n".join(lines) + "\n"
