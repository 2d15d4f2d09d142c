"""The soc2flow command line: parses options, calls one core function, exits.

Each command module registers its commands here and imports its core lazily,
so that ``soc2flow --help`` imports nothing heavy.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from soc2flow import __version__
from soc2flow.errors import CannotRun

app = typer.Typer(
    name="soc2flow",
    help="SOC 2 policies and controls as files in git: validate, what is due, the audit binder.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    add_completion=True,
)

_DEBUG = False


def _version(value: bool) -> None:
    if value:
        print(f"soc2flow {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
) -> None:
    global _DEBUG
    _DEBUG = debug


def _register() -> None:
    from soc2flow.cli import commands

    commands.register(app)


def main() -> None:
    """Entry point: run the app; CannotRun and bugs become one line on stderr and exit 2."""
    if sys.argv[1:] == ["--version"]:  # answered before typer builds every command
        print(f"soc2flow {__version__}")
        return
    if sys.argv[1:2] == ["changes"]:
        from soc2flow.cli import changes

        changes.register(app)  # typer builds only the command that runs (20 ms less)
        changes.prestart(sys.argv[2:])  # git starts walking while typer parses the options
    else:
        _register()
    try:
        app(standalone_mode=True)
    except CannotRun as exc:
        print(f"soc2flow: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("soc2flow: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:
        if _DEBUG:
            raise
        print(
            f"soc2flow: internal error ({type(exc).__name__}: {exc}); rerun with --debug and report it",
            file=sys.stderr,
        )
        sys.exit(2)
