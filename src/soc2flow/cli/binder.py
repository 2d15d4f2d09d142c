"""``soc2flow binder``, ``soc2flow coverage`` and ``soc2flow verify``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from soc2flow.cli.common import (
    AsOfOpt,
    NoCacheOpt,
    RepoOpt,
    RevOpt,
    color_enabled,
    find_repo,
    parse_as_of,
    table_width,
)


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


class CoverageFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class Framework(StrEnum):
    soc2 = "soc2-tsc-2017"
    csf = "nist-csf-2.0"


def register(app: typer.Typer) -> None:
    app.command("coverage")(coverage)
    app.command("binder")(binder)
    app.command("verify")(verify)


def coverage(
    *,
    repo: RepoOpt = None,
    framework: Annotated[
        Framework | None,
        typer.Option("--framework", help="Framework (default: the first in soc2flow.yaml)."),
    ] = None,
    fmt: Annotated[
        CoverageFormat, typer.Option("--format", help="table, json or csv.")
    ] = CoverageFormat.table,
    as_of: AsOfOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Framework criteria -> controls -> latest evidence; criteria with no operating control."""
    from soc2flow.usecases.coverage import coverage_at, format_csv, format_json

    root = find_repo(repo)
    result = coverage_at(
        root,
        framework.value if framework else None,
        lambda tz: parse_as_of(as_of, tz),
        use_cache=not no_cache,
    )
    if fmt is CoverageFormat.table:  # the table starts with its summary, on stdout
        from soc2flow.reporters.coverage_table import format_table

        sys.stdout.write(format_table(result, color=color_enabled(), width=table_width()))
        return
    sys.stdout.write(format_json(result) if fmt is CoverageFormat.json else format_csv(result))
    sys.stdout.flush()
    from soc2flow.reporters.coverage_table import summary

    print(f"soc2flow: {summary(result)}", file=sys.stderr)


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
    from soc2flow.usecases.binder import produce

    root = find_repo(repo)
    with _progress() as tick:
        made = produce(root, rev, period, fmt.value, out, use_cache=not no_cache, progress=tick)
    cover = made.binder.cover
    print(made.path)
    print(
        f"soc2flow: wrote {fmt.value} binder for {cover.start}..{cover.end} at "
        f"{cover.commit[:12]}: {cover.summary.on_time} on time, {cover.summary.late} late, "
        f"{cover.summary.partial} partial, {cover.summary.missed} missed, "
        f"{cover.summary.upcoming} upcoming; {cover.deviations} deviations",
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
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild",
            help="Render the binder again at its source commit and compare it byte for byte.",
        ),
    ] = False,
) -> None:
    """Check a zip binder: every file's hash and size, nothing extra, and the source commit."""
    from soc2flow.errors import NotARepository
    from soc2flow.usecases.verify import compare_rebuilt, verify_zip

    try:
        root: Path | None = find_repo(repo)
    except NotARepository:
        if repo is not None or rebuild:
            raise
        root = None
    result = verify_zip(binder_path, _lookup(root) if root else None)
    if rebuild and root is not None and result.format:
        from soc2flow.usecases.rebuild import rebuilt_hashes

        if result.checked_in_repo or result.format < 2:
            compare_rebuilt(result, rebuilt_hashes(root, result, str(binder_path)))
    _report_verify(binder_path, result)


def _report_verify(binder_path: Path, result: Any) -> None:
    from soc2flow.text import clean_line

    for line in result.differences:
        print(clean_line(line))
    where = (
        f"and source commit {result.commit[:12]} matches"
        if result.checked_in_repo
        else "(not inside the repository: the source commit was not checked)"
    )
    if result.rebuilt:
        where += "; the binder rendered again is byte-identical"
    if result.format == 1:
        where += " (version-1 manifest: sizes were not checked)"
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
            history = load_history(root, commit, use_cache=False)
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
