"""The ``coverage`` table a person reads on a terminal: summary first, every cell wrapped.

Nothing is cropped: titles are shown whole and every column wraps to the width.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from soc2flow.reporters.due_table import markup
from soc2flow.reporters.fit import fitted

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


def _cells(c: Any) -> tuple[str, ...]:
    """One criterion's row: id, title, status, controls, policies, risks (markup safe)."""
    controls = "\n".join(markup(_control_cell(k)) for k in c.controls)
    title = c.title if c.in_catalog else "(not in the catalogue)"
    status = f"[{_STYLE.get(c.status, 'default')}]{markup(c.status.replace('-', ' '))}[/]"
    policies = ", ".join(c.policies) or "-"
    risks = markup(", ".join(c.risks)) or "-"
    return markup(c.id), markup(title), status, controls or "-", markup(policies), risks


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
    # wide enough for the longest policy ID, so that IDs wrap between, never inside
    longest = max((len(p) + 1 for c in result.criteria for p in c.policies), default=8)
    ids = max((len(c.id) for c in result.criteria), default=5)
    minimums = (ids, 12, 7, 14, min(longest, 24), 8)
    names = ("criterion", "title", "status", "controls: status, latest run", "policies", "risks")

    def make(roomy: bool, limit: int | None) -> Table:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
        for name, minimum in zip(names, minimums, strict=True):
            table.add_column(name, overflow="fold", min_width=minimum if roomy else None)
        for c in result.criteria[:limit]:
            table.add_row(*_cells(c))
        return table

    table = fitted(make, console.width)
    console.print(table)
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())
