"""``init``, ``evidence add``, ``codeowners`` and ``import comply``: the workflow around the files."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from soc2flow.cli.acknowledge import evidence_ack_command
from soc2flow.cli.common import RepoOpt, find_repo, parse_as_of
from soc2flow.errors import BadInput, CannotRun

evidence_app = typer.Typer(help="Record executions of controls.", no_args_is_help=True)
import_app = typer.Typer(help="Migrate from other tools.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("init")(init_command)
    app.command("codeowners")(codeowners_command)
    evidence_app.command("add")(evidence_add_command)
    evidence_app.command("ack")(evidence_ack_command)
    import_app.command("comply")(import_comply_command)
    app.add_typer(evidence_app, name="evidence")
    app.add_typer(import_app, name="import")


def init_command(
    directory: Annotated[Path, typer.Argument(help="Folder to create the repository in.")] = Path(
        "."
    ),
    *,
    org: Annotated[
        str | None, typer.Option("--org", help="Organisation name (default: the folder's name).")
    ] = None,
    timezone: Annotated[
        str, typer.Option("--timezone", help="IANA time zone in which 'today' is computed.")
    ] = "UTC",
    force: Annotated[
        bool,
        typer.Option("--force", help="Write into a non-empty folder; existing files are kept."),
    ] = False,
) -> None:
    """Scaffold a compliance repository: config, starter policies and controls, CI, hooks."""
    from soc2flow.workflow.scaffold import InitOptions, init

    target = directory.resolve()
    today = parse_as_of(None, timezone)
    options = InitOptions(target, org or target.name, timezone, today.year, force)
    result = init(options)
    for path in result.written:
        print(path)
    print(
        f"wrote {len(result.written)} files into {target}"
        + (f", kept {len(result.kept)} existing" if result.kept else "")
        + ". Next: replace the placeholder people in soc2flow.yaml, then "
        "git init && git add -A && git commit, and run soc2flow validate.",
        file=sys.stderr,
    )


def _complete_control(incomplete: str) -> list[str]:
    """Shell completion for CONTROL: the control files of the repository around the cwd."""
    try:
        folder = find_repo(None) / "controls"
        names = {p.stem for p in folder.iterdir() if p.suffix in (".yaml", ".yml")}
    except (OSError, BadInput, CannotRun):
        return []
    return sorted(n for n in names if n.startswith(incomplete.upper()))


def evidence_add_command(
    control: Annotated[
        str,
        typer.Argument(help="Control ID, e.g. AC-01.", autocompletion=_complete_control),
    ],
    files: Annotated[list[Path], typer.Argument(help="Evidence files to copy.")],
    *,
    repo: RepoOpt = None,
    performed: Annotated[
        str | None, typer.Option("--performed", help="Date performed, YYYY-MM-DD (default: today).")
    ] = None,
    covers: Annotated[
        str | None, typer.Option("--covers", help="Period satisfied: 2026-Q1, 2026-03, 2026-W13…")
    ] = None,
    result: Annotated[str, typer.Option("--result", help="pass, fail or partial.")] = "pass",
    notes: Annotated[str, typer.Option("--notes", help="Notes for the auditor.")] = "",
    by: Annotated[
        str | None,
        typer.Option("--by", help="Person id who performed it (default: from your git email)."),
    ] = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option(
            "--evidence", help="Evidence id for every file, or FILE=ID for one file (repeatable)."
        ),
    ] = None,
    slug: Annotated[
        str | None, typer.Option("--slug", help="Suffix of the folder name, e.g. 'eu-region'.")
    ] = None,
    commit: Annotated[
        bool, typer.Option("--commit", help="Commit the new record with a 'Control:' trailer.")
    ] = False,
) -> None:
    """Copy files into a new evidence/<CONTROL>/<DATE>/ folder with a hashed record.yaml."""
    from soc2flow.workflow import gitcli
    from soc2flow.workflow.evidence import EvidenceRequest, add_evidence, configured_timezone

    root = find_repo(repo)
    today = parse_as_of(None, configured_timezone(root))
    request = EvidenceRequest(
        root=root,
        control=control,
        files=files,
        performed=parse_as_of(performed, None) if performed else today,
        today=today,
        by=by,
        git_email=None if by else gitcli.user_email(root),
        covers=covers,
        result=result,
        notes=notes,
        evidence=evidence or [],
        slug=slug,
    )
    done = add_evidence(request)
    print(done.folder)
    print(f"recorded {len(done.files)} file(s) for {control} in {done.folder}", file=sys.stderr)
    if commit:
        _commit_record(root, done.folder, control, request.performed)


def _commit_record(root: Path, folder: str, control: str, performed: date) -> None:
    """Commit the new record folder with a ``Control:`` trailer; say which commit."""
    from soc2flow.workflow import gitcli

    subject = f"Evidence for {control}, performed {performed.isoformat()}"
    sha = gitcli.commit_paths(root, [folder], subject, {"Control": control})
    print(f"committed {sha[:12]}", file=sys.stderr)


def codeowners_command(
    *,
    repo: RepoOpt = None,
    check: Annotated[
        bool, typer.Option("--check", help="Only compare; exit 1 when the file is out of step.")
    ] = False,
) -> None:
    """Write .github/CODEOWNERS from the owners and approvers of every item."""
    from soc2flow.workflow.codeowners import update
    from soc2flow.workflow.evidence import configured_timezone

    root = find_repo(repo)
    outcome = update(root, check=check, today=parse_as_of(None, configured_timezone(root)))
    if outcome.unresolved:
        print(
            "no GitHub login or email for: "
            + ", ".join(outcome.unresolved)
            + " (add 'github:' to them in soc2flow.yaml)",
            file=sys.stderr,
        )
    if outcome.broken_files:
        print(
            f"{outcome.broken_files} file(s) have errors and were left out; run soc2flow validate",
            file=sys.stderr,
        )
    if check:
        state = "in step" if outcome.in_step else "out of step; run soc2flow codeowners"
        print(f"{outcome.path} is {state}", file=sys.stderr)
        raise typer.Exit(0 if outcome.in_step else 1)
    state = "unchanged" if outcome.in_step else "written"
    print(f"{outcome.path} {state}", file=sys.stderr)


def import_comply_command(
    path: Annotated[Path, typer.Argument(help="The strongdm/comply project folder.")],
    *,
    repo: Annotated[
        Path | None,
        typer.Option("--repo", help="Repository to write into (default: the one around the cwd)."),
    ] = None,
) -> None:
    """Convert a strongdm/comply project (policies, narratives, procedures) into this layout."""
    from soc2flow.workflow.comply import import_comply

    target = repo.resolve() if repo is not None else find_repo(None)
    if not target.is_dir():
        raise BadInput(f"--repo {target} is not a folder; create it first")
    report = import_comply(path, target)
    print(report.text(), end="")
    raise typer.Exit(1 if report.findings else 0)
