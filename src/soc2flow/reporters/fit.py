"""Tables that wrap to the terminal and never crop (SPEC §7.5).

Rich keeps a column's ``min_width`` even when the columns' minimums together are wider
than the terminal, and then either cuts the table's right edge off or squeezes another
column to one character. ``fitted`` renders a table with its readable minimums and
without them, and keeps the minimums only when they show every letter and digit in not
many more lines than the free layout.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table

UNBOUNDED = 10_000


def _render(table: Table, width: int, markup: bool) -> tuple[int, int]:
    """The letters and digits a table shows at ``width``, and its number of lines."""
    from rich.console import Console

    out = io.StringIO()
    console = Console(
        file=out, width=width, no_color=True, highlight=False, emoji=False, markup=markup
    )
    console.print(table)
    text = out.getvalue()
    return sum(ch.isalnum() for ch in text), text.count("\n")


def fitted(
    make: Callable[[bool], Table],
    width: int,
    *,
    markup: bool = True,
    probe: Callable[[bool], Table] | None = None,
) -> Table:
    """``make(True)``, the table with its columns' minimum widths, when at ``width`` it
    shows everything in at most a quarter more lines (and two) than ``make(False)``, the
    same table whose columns all fold freely; else ``make(False)``. ``markup``: as the console that prints
    it reads its cells. ``probe``: a smaller table of the same columns (the first rows) to
    decide by, for tables too long to render three times."""
    measure = probe or make
    whole, _ = _render(measure(True), UNBOUNDED, markup)
    shown, lines = _render(measure(True), width, markup)
    free = _render(measure(False), width, markup)[1]
    if shown == whole and lines <= free + free // 4 + 2:
        return make(True)
    return make(False)
