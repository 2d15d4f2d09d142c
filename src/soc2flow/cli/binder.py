"""``soc2flow binder``, ``soc2flow coverage`` and ``soc2flow verify``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from soc2flow.cli.common import NoCacheOpt, RepoOpt, RevOpt, find_repo


class BinderFormat(StrEnum):
    html = "html"
    md = "md"
    pdf = "pdf"
    zip = "zip"


PeriodOpt = Annotated[
    str | None,
    typer.Option(
        "--period",
        metavar="START..END",
        help="Audit period, e.g. 2026-01-01..2026-12-31 (default: audit.period in soc2flow.yaml).",
    ),
]


def register(app: typer.Typer) -> None:
    app.command("binder")(binder)
    app.command("verify")(verify)


@contextmanager
def _progress() -> Iterator[Callable[[str], None] | None]:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=console, transient=True
    ) as bar:
        task = bar.add_task("binder", total=None)

        def tick(path: str) -> None:
            bar.update(task, description=f"binder: {path}", advance=1)

        yield tick


def binder(
    *,
    repo: RepoOpt = None,
    rev: RevOpt = "HEAD",
    period: PeriodOpt = None,
    fmt: Annotated[
        BinderFormat, typer.Option("--format", help="html, md, pdf (needs soc2flow[pdf]) or zip.")
    ] = BinderFormat.html,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Output file (default: binder-START-END.FORMAT)."),
    ] = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Render the audit binder of a period, read from the files at one commit."""
    from soc2flow.render.produce import produce

    root = find_repo(repo)
    with _progress() as tick:
        made = produce(root, rev, period, fmt.value, out, use_cache=not no_cache, progress=tick)
    cover = made.binder.cover
    print(made.path)
    print(
        f"soc2flow: wrote {fmt.value} binder for {cover.start}..{cover.end} at "
        f"{cover.commit[:12]}: {cover.summary.complete} complete, {cover.summary.late} late, "
        f"{cover.summary.missed} missed, {cover.summary.open} not yet due",
        file=sys.stderr,
    )
    if made.problems:
        print(
            f"soc2flow: {made.problems} file(s) at that commit have problems and are left out "
            "where unreadable; run soc2flow validate",
            file=sys.stderr,
        )


def verify(
    binder_path: Annotated[Path, typer.Argument(metavar="BINDER", help="A zip binder.")],
    *,
    repo: RepoOpt = None,
) -> None:
    """Check a zip binder: every file's hash, nothing extra, and the source commit."""
    from soc2flow.errors import NotARepository
    from soc2flow.verify import verify_zip

    try:
        root: Path | None = find_repo(repo)
    except NotARepository:
        if repo is not None:
            raise
        root = None
    result = verify_zip(binder_path, _lookup(root) if root else None)
    for line in result.differences:
        print(line)
    where = (
        f"and source commit {result.commit[:12]} matches"
        if result.checked_in_repo
        else "(not inside the repository: the source commit was not checked)"
    )
    if result.ok:
        print(
            f"soc2flow: {binder_path}: {result.files} files match the manifest {where}",
            file=sys.stderr,
        )
        return
    print(f"soc2flow: {binder_path}: {len(result.differences)} difference(s)", file=sys.stderr)
    raise typer.Exit(1)


def _lookup(root: Path) -> Callable[[str], Callable[[str, str], bytes | None] | None]:
    from soc2flow.errors import UnknownRevision
    from soc2flow.history import load_history

    def at(commit: str) -> Callable[[str, str], bytes | None] | None:
        try:
            history = load_history(root, commit)
        except UnknownRevision:
            return None

        def read(sha: str, path: str) -> bytes | None:
            try:
                data: bytes = history.blob(sha, path)
            except KeyError:
                return None
            return data

        return read

    return at
