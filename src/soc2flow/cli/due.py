"""`soc2flow due`: every open obligation with its due date and status."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from soc2flow.cli.common import AsOfOpt, NoCacheOpt, RepoOpt, RevOpt, table_width
from soc2flow.errors import BadInput

if TYPE_CHECKING:
    from soc2flow.schedule.items import DueReport
    from soc2flow.schedule.result import DueRun

FORMATS = ("table", "json", "csv", "ics", "markdown")
# The same as soc2flow.schedule.items.KINDS (a test keeps them in step); a copy so
# that building the command line imports no models.
KINDS = (
    "policy-review",
    "control-execution",
    "evidence-missing",
    "exception-expiry",
    "retro-approval",
    "reliance-review",
    "approval-pending",
    "acknowledgment",
    "remediation",
    "vendor-review",
    "vendor-report",
    "risk-review",
)
FAIL_ON = ("overdue", "due-soon")


def register(app: typer.Typer) -> None:
    app.command("due")(due)


def _choice(value: str | None, choices: tuple[str, ...], option: str) -> str | None:
    if value is not None and value not in choices:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(choices)}", param_hint=option)
    return value


def _kinds(values: list[str] | None) -> list[str] | None:
    for value in values or []:
        _choice(value, KINDS, "--kind")
    return values


def parse_within(text: str | None) -> int | None:
    """``--within 30d`` or ``--within 30`` as a number of days."""
    if text is None:
        return None
    m = re.fullmatch(r"\s*(-?\d+)\s*d?\s*", text)
    if m is None:
        raise BadInput(f"--within {text!r} is not a number of days; write it as 30d or 30")
    return int(m.group(1))


def due(
    *,
    repo: RepoOpt = None,
    rev: RevOpt = "HEAD",
    as_of: AsOfOpt = None,
    owner: Annotated[
        str | None,
        typer.Option("--owner", help="Only items owned by this person (or a team they are in)."),
    ] = None,
    within: Annotated[
        str | None, typer.Option("--within", help="Only items due within N days: 30d or 30.")
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", callback=_kinds, help="Only these kinds (repeatable)."),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            callback=lambda v: _choice(v, FAIL_ON, "--fail-on"),
            help="Exit 1 when an item is overdue (or, with due-soon, overdue or due soon).",
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            callback=lambda v: _choice(v, FORMATS, "--format"),
            help=f"Output format: {', '.join(FORMATS)}.",
        ),
    ] = "table",
    everything: Annotated[
        bool,
        typer.Option(
            "--all", help="Table: list every item, not only the overdue and due-soon ones."
        ),
    ] = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Every open obligation: executions, reviews, evidence, exceptions, approvals."""

    from soc2flow.cli.common import find_repo, parse_as_of
    from soc2flow.usecases.due import run_due

    days = parse_within(within)
    root = find_repo(repo)
    result = run_due(root, rev, lambda tz: parse_as_of(as_of, tz), use_cache=not no_cache)
    report = result.filtered(within=days, kinds=kind or (), owner=owner)
    _write(result, report, output_format, everything=everything)
    _suspect_dates(root, rev, use_cache=not no_cache)
    failing = {"overdue": {"overdue"}, "due-soon": {"overdue", "due-soon"}}.get(
        fail_on or "", set()
    )
    raise typer.Exit(1 if any(i.status in failing for i in report.items) else 0)


def _write(result: DueRun, report: DueReport, output_format: str, *, everything: bool) -> None:
    """The report on stdout in ``output_format``; skipped files and the summary on stderr."""
    from soc2flow.cli.common import color_enabled
    from soc2flow.reporters.due import render, summary
    from soc2flow.reporters.due_table import uncommitted_note

    options: dict[str, object] = {"names": result.names, "uncommitted": result.uncommitted}
    if output_format == "table":
        options |= {"color": color_enabled(), "width": table_width(), "everything": everything}
    text = render(output_format, report, **options)
    if output_format == "ics":  # CRLF exactly as RFC 5545 wants, whatever the platform
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(text)
        sys.stdout.flush()  # results before the summary when both go to one terminal
    if result.skipped:
        sys.stderr.write(
            f"soc2flow: {result.skipped} file(s) could not be loaded and were skipped; "
            "run soc2flow validate\n"
        )
    if output_format != "table":  # the table starts with its summary, on stdout
        sys.stderr.write(summary(report))
    if output_format in ("json", "csv", "ics") and result.uncommitted:
        sys.stderr.write(f"soc2flow: {uncommitted_note(result.uncommitted)}\n")


def _suspect_dates(root: Path, rev: str, *, use_cache: bool) -> None:
    """Commits dated more than a day after now (the CLI's clock) on stderr."""
    from datetime import UTC, datetime

    from soc2flow.usecases.due import future_commits

    for sentence in future_commits(root, rev, datetime.now(UTC), use_cache=use_cache):
        sys.stderr.write(f"soc2flow: error commit-date-suspect: {sentence}\n")
