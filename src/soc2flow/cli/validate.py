"""`soc2flow validate` and `soc2flow schema`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from soc2flow.cli.common import AsOfOpt, NoCacheOpt, RepoOpt, find_repo
from soc2flow.errors import BadInput
from soc2flow.reporters.validate import FORMATS

# The same as soc2flow.models.schema.MODELS (a test keeps them in step), without the models.
KINDS = ("config", "policy", "control", "record", "exception", "vendor", "risk")


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
    app.command("schema")(schema)


def _choice(value: str | None, choices: list[str], option: str) -> str | None:
    if value is not None and value not in choices:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(choices)}", param_hint=option)
    return value


def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATHS",
            help="Only report findings in these files or folders (default: all).",
        ),
    ] = None,
    *,
    repo: RepoOpt = None,
    as_of: AsOfOpt = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            callback=lambda v: _choice(v, list(FORMATS), "--format"),
            help=f"Output format: {', '.join(FORMATS)}.",
        ),
    ] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    no_history: Annotated[
        bool, typer.Option("--no-history", help="Skip the rules that read git history.")
    ] = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Check schemas, references, IDs, criteria, evidence files and hashes, exceptions."""
    from soc2flow.cli.common import parse_as_of
    from soc2flow.reporters.validate import summary
    from soc2flow.usecases.validate import validate as run

    root = find_repo(repo)
    if not (root / "soc2flow.yaml").exists() and not (root / "soc2flow.yaml").is_symlink():
        raise BadInput(f"{root} has no soc2flow.yaml; run soc2flow init or pass --repo")
    selected = [_relative(root, p) for p in paths or []]
    result = run(
        root,
        as_of=lambda tz: parse_as_of(as_of, tz),
        paths=selected,
        use_history=not no_history,
        use_cache=not no_cache,
        now=_now(),
    )
    sys.stdout.write(FORMATS[output_format](result))
    sys.stderr.write(summary(result))
    raise typer.Exit(result.exit_code(strict=strict))


def _now() -> Any:
    """The moment of the run (the CLI owns the clock)."""
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _relative(root: Path, path: Path) -> str:
    """A PATHS argument as a repo-relative POSIX path; it must exist inside the repository."""
    full = (path if path.is_absolute() else Path.cwd() / path).resolve()
    if not full.is_relative_to(root):
        raise BadInput(f"{path} is outside the repository {root}")
    if not full.exists():
        raise BadInput(f"{path} does not exist")
    rel = full.relative_to(root).as_posix()
    return "" if rel == "." else rel


def schema(
    *,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            metavar="KIND",
            callback=lambda v: _choice(v, list(KINDS), "--kind"),
            help=f"Only this file kind: {', '.join(KINDS)}.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write <kind>.schema.json files into this folder."),
    ] = None,
) -> None:
    """Print JSON Schemas of the file kinds (for yaml-language-server and other tools)."""
    import json

    from soc2flow.fileio import write_atomic
    from soc2flow.models.schema import schemas

    chosen = schemas([kind] if kind else list(KINDS))
    if out is None:
        document = chosen[kind] if kind else chosen
        sys.stdout.write(json.dumps(document, indent=2, sort_keys=False) + "\n")
        return
    for name, document in chosen.items():
        target = out / f"{name}.schema.json"
        write_atomic(target, json.dumps(document, indent=2) + "\n")
        sys.stderr.write(f"wrote {target}\n")
