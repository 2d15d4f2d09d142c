"""``soc2flow changes``: the change population of any git repository (SPEC §7.4)."""

from __future__ import annotations

import atexit
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from soc2flow.cli.common import RepoOpt, color_enabled, find_repo, table_width
from soc2flow.errors import BadInput

if TYPE_CHECKING:
    from rich.table import Table

    from soc2flow.history.clock import LineClock
    from soc2flow.population.changes import ChangePopulation


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def changes_command(
    *,
    repo: RepoOpt = None,
    branch: Annotated[
        str, typer.Option("--branch", help="Branch whose first-parent line is read.")
    ] = "HEAD",
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="START..END (default: the --config's audit period, else the whole history).",
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="A soc2flow.yaml: people, timezone, period, exceptions."),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option("--profile", help="Profile of --config whose provenance floor applies."),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = Format.table,
    sample: Annotated[
        int | None, typer.Option("--sample", min=1, help="Select N changes (needs --seed).")
    ] = None,
    seed: Annotated[str | None, typer.Option("--seed", help="Seed of the sample.")] = None,
) -> None:
    """Every change that landed on a branch in the period: PR, authors, approvals, flags."""
    if sample is not None and seed is None:
        raise BadInput("--sample needs --seed, so that the sample can be recomputed")
    if seed is not None and sample is None:
        raise BadInput("--seed needs --sample N, the number of changes to select")
    # git walks the branch's first-parent line while Python imports and reads --config;
    # then it walks the window's commits while Python imports the judging and reads notes.
    with _clock(find_repo(repo), branch) as clock:
        from soc2flow.population.inputs import changes_inputs

        inputs = changes_inputs(config, profile, period)
        from soc2flow.history.population import WindowLog

        early = WindowLog(clock, inputs.zone, inputs.period)
        from soc2flow.population.changes import change_population

        picked = (sample, seed) if sample is not None and seed is not None else None
        population = change_population(clock, branch, inputs, picked, early)
    from soc2flow.reporters import changes as report

    if fmt is Format.json:
        sys.stdout.write(report.format_json(population))
    elif fmt is Format.csv:
        sys.stdout.write(report.format_csv(population))
    else:
        _print_table(population)
        print(report.summary(population))
        return
    print(report.summary(population), file=sys.stderr)


# Options of ``changes`` that take a value: ``prestart`` reads only these.
_VALUED = frozenset(
    {"--repo", "--branch", "--period", "--config", "--profile", "--format", "--sample", "--seed"}
)
_started: tuple[Path, str, LineClock] | None = None  # what ``prestart`` started


def prestart(args: list[str]) -> None:
    """Start the clock of ``soc2flow changes ARGS`` before typer parses ARGS.

    Typer takes a fifth of a second to parse and coerce the options (it builds a pydantic
    adapter per option), time in which git can walk the branch's line. The arguments
    are read here only as far as ``--repo`` and ``--branch``; ``changes_command`` uses
    this clock only for the same repository and branch, and anything unexpected (a
    flag, ``--help``, a missing value, a repository that is none) starts nothing: the
    command then starts its clock itself and reports any problem as before.
    """
    global _started
    found: dict[str, str] = {}
    rest = iter(args)
    for arg in rest:
        name, equals, value = arg.partition("=")
        given = value if equals else next(rest, None)
        if name not in _VALUED or given is None:
            return
        found[name] = given
    from soc2flow.history.clock import LineClock

    branch = found.get("--branch", "HEAD")
    try:
        root = find_repo(Path(found["--repo"]) if "--repo" in found else None)
        clock = LineClock(root, branch)
    except Exception:  # the command meets the same problem and reports it
        return
    atexit.register(clock.close)  # when the command stops before it takes the clock
    _started = (root, branch, clock)


def _clock(root: Path, branch: str) -> LineClock:
    """The clock ``prestart`` started for this repository and branch, else a new one."""
    global _started
    from soc2flow.history.clock import LineClock

    started, _started = _started, None
    if started is not None:
        if started[:2] == (root, branch):
            return started[2]
        started[2].close()
    return LineClock(root, branch)


def _clean(text: str) -> str:
    from rich.markup import escape

    from soc2flow.text import clean_line

    return escape(clean_line(text))


def _print_table(population: ChangePopulation) -> None:
    from rich.console import Console

    console = Console(
        no_color=not color_enabled(), highlight=False, soft_wrap=False, width=table_width()
    )
    console.print(_table(population))
    if population.sample is not None:
        chosen = ", ".join(c[:12] for c in population.sample.commits) or "none"
        console.print(
            f"sample of {population.sample.n} (seed {_clean(population.sample.seed)}): {chosen}"
        )


def _table(population: ChangePopulation) -> Table:
    from rich.table import Table

    from soc2flow.reporters.changes import approval_text

    table = Table(show_lines=False)
    for column in ("commit", "date", "pr", "subject", "authors", "approvals", "flags"):
        table.add_column(column, overflow="fold")
    for row in population.changes:
        table.add_row(
            row.commit[:12],
            row.date.isoformat(),
            f"#{row.pr}" if row.pr is not None else "",
            _clean(row.subject),
            _clean(", ".join(row.authors)),
            _clean(", ".join(approval_text(a) for a in row.approvals)),
            ", ".join(row.flags),
        )
    return table


def register(app: typer.Typer) -> None:
    app.command("changes")(changes_command)
