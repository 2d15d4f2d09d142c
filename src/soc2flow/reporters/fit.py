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
PROBE = 50  # rows that decide a table's layout (rendering them costs about 1 ms each)


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


def fitted(make: Callable[[bool, int | None], Table], width: int, *, markup: bool = True) -> Table:
    """``make(True, None)``, the table with its columns' minimum widths, when at ``width``
    it shows everything in at most a quarter more lines (and two) than ``make(False,
    None)``, the same table whose columns all fold freely; else the latter. The layout is
    decided on the first ``PROBE`` rows (``make``'s second argument limits the rows), so a
    long table is rendered whole once. ``markup``: as the console that prints it reads
    its cells."""
    whole, _ = _render(make(True, PROBE), UNBOUNDED, markup)
    shown, lines = _render(make(True, PROBE), width, markup)
    free = _render(make(False, PROBE), width, markup)[1]
    return make(shown == whole and lines <= free + free // 4 + 2, None)
