"""Options and helpers shared by the CLI commands. Only the CLI package imports typer."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from soc2flow.errors import BadInput, CannotRun, NotARepository

RepoOpt = Annotated[
    Path | None,
    typer.Option(
        "--repo",
        help="Compliance repository (default: the git repository around the current directory).",
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Date to compute for, YYYY-MM-DD (default: today in the configured timezone).",
    ),
]
RevOpt = Annotated[str, typer.Option("--rev", help="Git revision to read history at.")]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Do not read or write the history cache.")
]


def find_repo(repo: Path | None, what: str = "a compliance repository") -> Path:
    """The repository root: ``--repo`` as given, else the git work tree around the cwd.
    ``what`` names the repository the command expects, for the refusal."""
    if repo is not None:
        if not repo.is_dir():
            raise NotARepository(f"{repo} is not a directory; pass --repo the path of {what}")
        return repo.resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            return candidate
    for candidate in (here, *here.parents):
        if (candidate / "soc2flow.yaml").is_file():
            return candidate
    raise NotARepository(
        f"{here} is not inside a git repository; run soc2flow in {what} or pass --repo"
    )


def parse_as_of(text: str | None, timezone: str | None) -> date:
    """``--as-of`` as a date; default today in the configured timezone (the CLI owns the clock)."""
    if text is not None:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise BadInput(f"--as-of {text!r} is not a date; write it as YYYY-MM-DD") from None
    if timezone:
        from zoneinfo import ZoneInfo

        try:
            return datetime.now(ZoneInfo(timezone)).date()
        except (KeyError, ValueError):
            pass
    return date.today()


def fail(error: CannotRun) -> NoReturn:
    """Print a CannotRun as one sentence on stderr and exit with its code."""
    print(f"soc2flow: {error}", file=sys.stderr)
    raise typer.Exit(error.exit_code)


def color_enabled() -> bool:
    import os

    return "NO_COLOR" not in os.environ and sys.stdout.isatty()


def table_width() -> int:
    """Width for tables: the terminal's, or ``COLUMNS``, or 140 columns for logs and pipes."""
    import shutil

    return shutil.get_terminal_size((140, 24)).columns
