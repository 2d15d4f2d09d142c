"""The ``due`` table a person reads on a terminal (SPEC §7.5).

The summary comes first (counts by status and kind), then the overdue and the due-soon
items, most urgent first. ``approval-pending`` items, one per approver in the report,
are collapsed to one line per change with its approvers. Items that are not due yet are
counted in one line unless ``everything`` is asked for. Every column wraps to the width;
nothing is cropped.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from soc2flow.reporters.fit import fitted
from soc2flow.schedule.items import KINDS, DueItem, DueReport
from soc2flow.text import clean_line

if TYPE_CHECKING:
    from rich.console import Console

_STATUSES = (("overdue", "overdue"), ("due-soon", "due soon"), ("ok", "ok"))
_STYLE = {"overdue": "bold red", "due-soon": "yellow", "ok": "green"}
_HEADINGS = {"overdue": "Overdue", "due-soon": "Due soon", "ok": "Not due yet"}


@dataclass(frozen=True)
class Row:
    """One line of the table: an item, or an approval-pending change with all its approvers."""

    item: DueItem
    owners: tuple[str, ...]


def markup(text: str) -> str:
    """User text as rich markup that prints as written: one line, no control characters
    (soc2flow.text.clean_line), ``[`` escaped so that it cannot style anything."""
    from rich.markup import escape

    return escape(clean_line(text))


def rows_of(items: Sequence[DueItem]) -> list[Row]:
    """Items in order, approval-pending items of one change collapsed into one row."""
    rows: list[Row] = []
    pending: dict[tuple[str, str, str], int] = {}
    for item in items:
        if item.kind != "approval-pending":
            rows.append(Row(item, (item.owner,)))
            continue
        key = (item.id, item.source, item.due.isoformat())
        if key in pending:
            row = rows[pending[key]]
            if item.owner not in row.owners:
                rows[pending[key]] = Row(row.item, (*row.owners, item.owner))
            continue
        pending[key] = len(rows)
        rows.append(Row(item, (item.owner,)))
    return rows


def format_table(
    report: DueReport,
    *,
    color: bool = False,
    width: int = 120,
    names: Mapping[str, str] | None = None,
    everything: bool = False,
    uncommitted: Sequence[str] = (),
) -> str:
    """Summary, then the items by urgency; ``everything`` adds the items not due yet.

    Owners are shown by id (what ``--owner`` takes); ``names`` is accepted for the
    Markdown digest's signature and not used here, to keep rows short. ``uncommitted``
    (records that count but are not committed) ends the table with one paragraph.
    """
    out = io.StringIO()
    console = _console(out, color, width)
    if not report.items:
        console.print(f"Nothing is due as of {report.as_of.isoformat()}.")
        _uncommitted(console, uncommitted)
        return out.getvalue()
    _summary(console, report)
    shown = ("overdue", "due-soon", "ok") if everything else ("overdue", "due-soon")
    listed = [i for i in report.items if i.status in shown]
    kind_width = max((len(i.kind) for i in listed), default=10)  # aligned across sections
    for status in shown:
        items = [i for i in listed if i.status == status]
        if items:
            _section(console, status, rows_of(items), kind_width)
    rest = sum(1 for i in report.items if i.status not in shown)
    if rest:
        noun = "item is" if rest == 1 else "items are"
        console.print(f"{rest} more {noun} not due yet; soc2flow due --all lists them.")
    _uncommitted(console, uncommitted)
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def last_label(item: DueItem) -> str:
    """``last 2026-12-01 (not committed)`` when only uncommitted records back ``last``
    (SPEC §7.1), else ''."""
    if item.last is None or item.last_committed:
        return ""
    return f"last {item.last.isoformat()} (not committed)"


def uncommitted_note(paths: Sequence[str], limit: int = 5) -> str:
    """One paragraph naming the records that count but are not committed ('' for none)."""
    if not paths:
        return ""
    shown = ", ".join(clean_line(p) for p in paths[:limit])
    more = f" and {len(paths) - limit} more" if len(paths) > limit else ""
    one = len(paths) == 1
    it, is_, has = ("it", "is", "has") if one else ("them", "are", "have")
    return (
        f"{len(paths)} execution record{'' if one else 's'} counted here {is_} not "
        f"committed: {shown}{more}. {'It' if one else 'They'} {has} no recorded date and "
        f"{is_} never in the binder; commit {it} (soc2flow validate lists {it} as "
        "uncommitted-change)."
    )


def _uncommitted(console: Console, paths: Sequence[str]) -> None:
    note = uncommitted_note(paths)
    if note:
        console.print(f"[yellow]{markup(note)}[/]")


def _console(out: io.StringIO, color: bool, width: int) -> Console:
    from rich.console import Console

    return Console(
        file=out,
        width=max(width, 40),
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
    )


def _summary(console: Console, report: DueReport) -> None:
    from rich import box
    from rich.table import Table

    console.print(f"What is due as of {report.as_of.isoformat()}: {_totals(report.items)}")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("kind", overflow="fold")
    for status, label in _STATUSES:
        table.add_column(f"[{_STYLE[status]}]{label}[/]", justify="right", overflow="fold")
    table.add_column("total", justify="right", overflow="fold")
    present = {i.kind for i in report.items}
    for kind in [*KINDS, *sorted(present - set(KINDS))]:  # a kind added later still counts
        items = [i for i in report.items if i.kind == kind]
        if not items:
            continue
        counts = [sum(1 for i in items if i.status == status) for status, _ in _STATUSES]
        label = kind
        if kind == "approval-pending":
            changes = len(rows_of(items))
            label += f" ({changes} change{'' if changes == 1 else 's'})"
        table.add_row(label, *(str(c) if c else "-" for c in counts), str(len(items)))
    console.print(table)


def _totals(items: Sequence[DueItem]) -> str:
    counts = {status: sum(1 for i in items if i.status == status) for status, _ in _STATUSES}
    noun = "item" if len(items) == 1 else "items"
    return (
        f"{len(items)} {noun}, {counts['overdue']} overdue, "
        f"{counts['due-soon']} due soon, {counts['ok']} ok"
    )


def _section(console: Console, status: str, rows: list[Row], kind_width: int) -> None:
    from rich import box
    from rich.table import Table

    console.print(f"[{_STYLE[status]}]{_HEADINGS[status]}[/]")  # the tables end with a blank line
    escalations = any(r.item.escalate_to for r in rows)
    owner = "owner → escalate" if escalations else "owner"
    ordered = sorted(rows, key=lambda r: (r.item.days, r.item.id, r.item.kind))

    def make(roomy: bool, limit: int | None) -> Table:
        """``roomy``: dates and days never wrap, the text columns keep a readable minimum
        and the item takes the width left (``fitted`` drops all that on a terminal too
        narrow for it: Rich then narrows the widest columns first)."""
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, expand=roomy)
        table.add_column("due", no_wrap=roomy, overflow="fold")
        table.add_column("days", justify="right", no_wrap=roomy, overflow="fold")
        table.add_column("kind", overflow="fold", min_width=kind_width if roomy else None)
        table.add_column(
            "item", overflow="fold", ratio=1 if roomy else None, min_width=16 if roomy else None
        )
        table.add_column(
            owner, overflow="fold", min_width=8 if roomy else None, max_width=18 if roomy else None
        )
        for row in ordered[:limit]:
            table.add_row(*_cells(row))
        return table

    console.print(fitted(make, console.width))


def _cells(row: Row) -> list[str]:
    item = row.item
    what = f"{item.id} {item.period}: {item.title}" if item.period else f"{item.id}: {item.title}"
    who = ", ".join(row.owners)  # for approval-pending: every approver it waits on
    if item.escalate_to:
        who += " → " + ", ".join(item.escalate_to)
    return [
        item.due.isoformat(),
        str(item.days),
        item.kind,
        "\n".join(markup(part) for part in (what, last_label(item)) if part),
        markup(who),
    ]
