"""``soc2flow evidence ack POLICY FILE.csv``: per-person acknowledgements from an export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from soc2flow.cli.common import RepoOpt, find_repo, parse_as_of


def evidence_ack_command(
    policy: Annotated[str, typer.Argument(help="Policy ID, e.g. POL-AUP.")],
    csv_file: Annotated[
        Path,
        typer.Argument(metavar="FILE.csv", help="Export with header email,date or person,date."),
    ],
    *,
    repo: RepoOpt = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Person id who imports it (default: from your git email)."),
    ] = None,
    commit: Annotated[
        bool, typer.Option("--commit", help="Commit the new records with a 'Control:' trailer.")
    ] = False,
) -> None:
    """Write one acknowledgement record per date, with the CSV rows attached and hashed."""
    from soc2flow.workflow import gitcli
    from soc2flow.workflow.acknowledge import AckRequest, import_acknowledgements
    from soc2flow.workflow.evidence import configured_timezone

    root = find_repo(repo)
    request = AckRequest(
        root=root,
        policy=policy,
        csv=csv_file,
        today=parse_as_of(None, configured_timezone(root)),
        by=by,
        git_email=None if by else gitcli.user_email(root),
    )
    done = import_acknowledgements(request)
    for folder, signed in done:
        print(folder)
        print(
            f"recorded {len(signed.people)} acknowledgement(s) of {policy} on {signed.day} "
            f"in {folder}",
            file=sys.stderr,
        )
    if commit:
        sha = gitcli.commit_paths(
            root,
            [folder for folder, _ in done],
            f"Acknowledgements of {policy} from {csv_file.name}",
            {"Control": policy},
        )
        print(f"committed {sha[:12]}", file=sys.stderr)
