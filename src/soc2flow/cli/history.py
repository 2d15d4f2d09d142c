"""``soc2flow history ID``, ``soc2flow show ID`` and ``soc2flow approvals record``."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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

if TYPE_CHECKING:
    from rich.console import Console

    from soc2flow.usecases.history import ItemHistory


class Format(StrEnum):
    table = "table"
    json = "json"


FormatOpt = Annotated[Format, typer.Option("--format", help="table for people, json for tools.")]
IdArg = Annotated[
    str,
    typer.Argument(
        help="A policy, control or exception ID (history: or a governance file's path).",
        show_default=False,
    ),
]


def history_command(
    item_id: IdArg,
    *,
    repo: RepoOpt = None,
    rev: RevOpt = "HEAD",
    fmt: FormatOpt = Format.table,
    no_cache: NoCacheOpt = False,
) -> None:
    """The versions of one item: commit, date, author, PR, approvals with provenance."""
    from soc2flow.usecases.history import history_json, item_history

    item = item_history(find_repo(repo), item_id, rev, use_cache=not no_cache, governance=True)
    _notices(item)
    if fmt is Format.json:
        print(json.dumps(history_json(item), indent=2))
        return
    from soc2flow.cli.history_table import history_table

    console = _console()
    console.print(history_table(item, console.width))


def show_command(
    item_id: IdArg,
    *,
    repo: RepoOpt = None,
    rev: RevOpt = "HEAD",
    as_of: AsOfOpt = None,
    fmt: FormatOpt = Format.table,
    no_cache: NoCacheOpt = False,
) -> None:
    """One policy, control or exception, resolved: owner, approvers, links, versions, due."""
    from soc2flow.usecases.due import run_due
    from soc2flow.usecases.history import item_history, show_json
    from soc2flow.usecases.timeline import timeline_json

    root = find_repo(repo)
    item = item_history(root, item_id, rev, use_cache=not no_cache)
    _notices(item)
    shown = show_json(item)
    run = run_due(root, rev, lambda tz: parse_as_of(as_of, tz), use_cache=not no_cache)
    shown["due"] = [due.as_dict() for due in run.report.items if due.id == item_id]
    shown.update(timeline_json(item, root, rev, run.report.as_of))
    _mark_invalid(shown, item, root, rev, run.report.as_of)
    if fmt is Format.json:
        print(json.dumps(shown, indent=2))
        return
    from soc2flow.cli.history_table import show_table

    _console().print(show_table(shown))


def _mark_invalid(shown: dict[str, Any], item: Any, root: Path, rev: str, as_of: Any) -> None:
    """``evidence_invalid`` of the last execution: the rule that voids it, or None."""
    last = shown.get("last_execution")
    if last is None or rev != "HEAD":
        return
    from soc2flow.history.eol import committed_if_unchanged
    from soc2flow.loading import WorkTree
    from soc2flow.rules.broken import broken_records

    voided = broken_records(item.repo, WorkTree(root), as_of, committed_if_unchanged)
    last["evidence_invalid"] = voided.get(last["path"])


def record_command(
    *,
    reviews: Annotated[
        Path,
        typer.Option("--reviews", help="GitHub's pull-request reviews JSON; '-' reads stdin."),
    ] = Path("-"),
    merge: Annotated[
        str, typer.Option("--merge", help="The merge (or squash) commit the PR landed as.")
    ] = "HEAD",
    head: Annotated[
        str | None,
        typer.Option(
            "--head",
            help="The PR head commit that was merged (default: the merge's second parent).",
        ),
    ] = None,
    pr: Annotated[
        int | None, typer.Option("--pr", help="The PR number (default: from the commit message).")
    ] = None,
    repo: RepoOpt = None,
) -> None:
    """Record a pull request's approving reviews on its merge commit (refs/notes/soc2flow)."""
    from soc2flow.errors import BadInput
    from soc2flow.history.reviews import record_reviews

    source = "stdin" if str(reviews) == "-" else str(reviews)
    try:
        text = sys.stdin.buffer.read() if source == "stdin" else reviews.read_bytes()
    except OSError as exc:
        raise BadInput(
            f"cannot read {source} ({exc.strerror}); pass --reviews FILE or pipe the JSON"
        ) from None
    done = record_reviews(find_repo(repo), text, source, merge, head, pr)
    who = ", ".join(r.login for r in done.approved) or "none"
    label = f"PR #{done.pr}" if done.pr is not None else "the change"
    verb = "already recorded" if done.unchanged else "recorded"
    print(f"{verb} {len(done.approved)} approval(s) of {label} on {done.merge[:12]}: {who}")
    for review in done.stale:
        print(
            f"not counted: {review.login} approved {review.commit_id[:12] or 'an unknown commit'}, "
            f"not the merged head {done.head[:12]} (stale)",
            file=sys.stderr,
        )
    for review in done.not_approving:
        print(f"not counted: {review.login}'s latest review is {review.state}", file=sys.stderr)


def _notices(item: ItemHistory) -> None:
    if item.branch is None:
        print(
            f"note: HEAD is detached at {item.head[:12]}; versions are read along its first-parent line",
            file=sys.stderr,
        )
    if item.uncommitted:
        print(
            f"note: {item.path} has uncommitted changes; they are not a version and "
            "count as approved only once committed and approved",
            file=sys.stderr,
        )


def _console() -> Console:
    from rich.console import Console

    return Console(
        no_color=not color_enabled(),
        highlight=False,
        markup=False,  # user text is never read as rich markup (links, styles)
        soft_wrap=False,
        width=table_width(),
    )


def register(app: typer.Typer) -> None:
    app.command("history")(history_command)
    app.command("show")(show_command)
    approvals = typer.Typer(
        name="approvals", help="Approvals recorded from GitHub pull requests.", no_args_is_help=True
    )
    approvals.command("record")(record_command)
    app.add_typer(approvals)
