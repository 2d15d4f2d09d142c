"""``soc2flow changes``: the change population of any git repository (SPEC §7.4)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from soc2flow.cli.common import RepoOpt, color_enabled, find_repo, table_width
from soc2flow.errors import BadInput

if TYPE_CHECKING:
    from rich.table import Table

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
    from soc2flow.history.clock import LineClock

    # git walks the branch's first-parent line while Python imports and reads --config;
    # then it walks the window's commits while Python imports the judging and reads notes.
    with LineClock(find_repo(repo, "a git repository"), branch) as clock:
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
        _print_table(population, report.summary(population))
        return
    print(report.summary(population), file=sys.stderr)


def _clean(text: str) -> str:
    from rich.markup import escape

    from soc2flow.text import clean_line

    return escape(clean_line(text))


def _print_table(population: ChangePopulation, summary: str) -> None:
    """The table, the sample and the summary, wrapped at words to the terminal's width."""
    from rich.console import Console

    width = table_width()
    console = Console(no_color=not color_enabled(), highlight=False, soft_wrap=False, width=width)
    from soc2flow.reporters.fit import fitted

    console.print(fitted(lambda roomy, limit: _table(population, roomy, limit), width))
    if population.sample is not None:
        chosen = ", ".join(c[:12] for c in population.sample.commits) or "none"
        console.print(
            f"sample of {population.sample.n} (seed {_clean(population.sample.seed)}): {chosen}"
        )
    console.print(_clean(summary))


def _name(identity: str) -> str:
    """A person as a reader knows them: the name of ``Name <email>`` (the JSON and CSV keep
    the whole identity)."""
    name, sep, _ = identity.partition(" <")
    return name if sep and name.strip() else identity


def _table(population: ChangePopulation, roomy: bool, limit: int | None) -> Table:
    """One change per row: its commit, date and PR stacked in the first column, one flag
    per line in the last, the text folding between them. ``roomy``: those two keep their
    width (``reporters.fit`` drops it when the terminal is too narrow for it)."""
    from rich import box
    from rich.table import Table

    from soc2flow.reporters.changes import approval_text

    flags = (flag for row in population.changes for flag in row.flags)
    flag_width = max((len(flag) for flag in flags), default=5)
    rows = population.changes[:limit]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("change", overflow="fold", min_width=12 if roomy else None)
    table.add_column("subject", overflow="fold", ratio=3)
    table.add_column("authors", overflow="fold", ratio=2)
    table.add_column("approvals", overflow="fold", ratio=2)
    table.add_column("flags", overflow="fold", min_width=flag_width if roomy else None)
    for row in rows:
        change = f"{row.commit[:12]}\n{row.date.isoformat()}"
        table.add_row(
            change + (f"\n#{row.pr}" if row.pr is not None else ""),
            _clean(row.subject),
            _clean(", ".join(_name(author) for author in row.authors)),
            _clean(", ".join(approval_text(a) for a in row.approvals)),
            "\n".join(row.flags),
        )
    return table


def register(app: typer.Typer) -> None:
    app.command("changes")(changes_command)
