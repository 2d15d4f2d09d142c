"""The ``coverage`` table a person reads on a terminal: summary first, every cell wrapped.

Nothing is cropped: titles are shown whole and every column wraps to the width.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from soc2flow.reporters.due_table import markup

if TYPE_CHECKING:
    from soc2flow.usecases.coverage import Coverage

_STYLE = {
    "gap": "red",
    "missed": "red",
    "late": "yellow",
    "partial": "yellow",
    "on-track": "green",
    "not-yet-due": "dim",
    "out-of-scope": "dim",
}


def summary(result: Coverage) -> str:
    """One sentence: how many criteria there are and how many have each status."""
    from soc2flow.domain.status import CRITERION_STATUSES, text

    found = [f"{result.count(w)} {text(w)}" for w in CRITERION_STATUSES if result.count(w)]
    return (
        f"{result.framework} as of {result.as_of}: {len(result.criteria)} criteria: "
        + ", ".join(found)
        + f"; {result.with_risks} named by risks"
    )


def _control_cell(control: Any) -> str:
    latest = control.latest
    text = f"{control.id} {control.status}"
    if latest is not None:
        text += f" {latest.performed}" + ("" if latest.result == "pass" else f" {latest.result}")
    return str(text)


def format_table(result: Coverage, *, color: bool = False, width: int = 120) -> str:
    """The summary line, then criterion, title, status, controls and policies."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    out = io.StringIO()
    console = Console(
        file=out,
        width=max(width, 40),
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
    )
    console.print(markup(summary(result)))  # the table starts with a blank line
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("criterion", no_wrap=True)
    table.add_column("title", overflow="fold", min_width=12)
    table.add_column("status", overflow="fold", min_width=7)
    table.add_column("controls: status, latest run", overflow="fold", min_width=14)
    # wide enough for the longest policy ID, so that IDs wrap between, never inside
    longest = max((len(p) + 1 for c in result.criteria for p in c.policies), default=8)
    table.add_column("policies", overflow="fold", min_width=min(longest, 24))
    table.add_column("risks", overflow="fold", min_width=8)
    for c in result.criteria:
        controls = "\n".join(markup(_control_cell(k)) for k in c.controls)
        title = c.title if c.in_catalog else "(not in the catalogue)"
        status = f"[{_STYLE.get(c.status, 'default')}]{markup(c.status.replace('-', ' '))}[/]"
        policies = ", ".join(c.policies) or "-"
        risks = markup(", ".join(c.risks)) or "-"
        table.add_row(markup(c.id), markup(title), status, controls or "-", markup(policies), risks)
    console.print(table)
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())
