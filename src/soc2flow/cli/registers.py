"""``soc2flow vendor report``: file a provider's new report into the vendor register."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from soc2flow.cli.common import RepoOpt, find_repo
from soc2flow.errors import BadInput

vendor_app = typer.Typer(help="Maintain the vendor register.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    vendor_app.command("report")(vendor_report_command)
    app.add_typer(vendor_app, name="vendor")


def vendor_report_command(
    vendor: Annotated[str, typer.Argument(help="Vendor ID, e.g. VEN-NIMBUS.")],
    file: Annotated[Path, typer.Argument(help="The provider's report to file.")],
    *,
    type_: Annotated[
        str,
        typer.Option(
            "--type",
            help="soc2-type1, soc2-type2, soc1-type2, iso27001, pentest or other.",
        ),
    ],
    period: Annotated[
        str, typer.Option("--period", help="The report's period, START..END (YYYY-MM-DD).")
    ],
    opinion: Annotated[
        str | None,
        typer.Option("--opinion", help="unqualified, qualified, adverse or disclaimer."),
    ] = None,
    exceptions: Annotated[
        int, typer.Option("--exceptions", help="Deviations the provider's auditor reported.")
    ] = 0,
    bridge_to: Annotated[
        str | None,
        typer.Option("--bridge-to", help="Last day a bridge letter covers (YYYY-MM-DD)."),
    ] = None,
    bridge_file: Annotated[
        Path | None, typer.Option("--bridge-file", help="The bridge letter to file with it.")
    ] = None,
    repo: RepoOpt = None,
) -> None:
    """Copy a report under evidence/vendors/ and add it, with its sha256, to the vendor."""
    from soc2flow.workflow.vendor_report import ReportRequest, file_report

    request = ReportRequest(
        root=find_repo(repo),
        vendor=vendor,
        file=file,
        type=type_,
        period=period,
        opinion=opinion,
        exceptions=exceptions,
        bridge_to=_date(bridge_to, "--bridge-to") if bridge_to else None,
        bridge_file=bridge_file,
    )
    done = file_report(request)
    for path, digest in done.files:
        print(f"{path} sha256 {digest}")
    print(f"filed {len(done.files)} file(s) into {done.vendor_path}", file=sys.stderr)


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"{option} {text!r} is not a date; write it as YYYY-MM-DD") from None
