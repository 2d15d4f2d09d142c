"""Tables that wrap to the terminal and never crop (SPEC §7.5).

Rich keeps a column's ``min_width`` even when the columns' minimums together are wider
than the terminal, and then cuts the table's right edge off. ``fitted`` builds a table
with its readable minimums, renders it once at the terminal's width and once unbounded,
and keeps the minimums only when both show every letter and digit; otherwise every
column folds freely.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table

UNBOUNDED = 10_000


def _letters(table: Table, width: int, markup: bool) -> int:
    from rich.console import Console

    out = io.StringIO()
    console = Console(
        file=out, width=width, no_color=True, highlight=False, emoji=False, markup=markup
    )
    console.print(table)
    return sum(ch.isalnum() for ch in out.getvalue())


def fitted(make: Callable[[bool], Table], width: int, *, markup: bool = True) -> Table:
    """``make(True)`` (the table with its columns' minimum widths) when it fits ``width``
    whole, else ``make(False)`` (the same table without them). ``markup``: as the
    console that prints it reads its cells."""
    table = make(True)
    if _letters(table, width, markup) == _letters(make(True), UNBOUNDED, markup):
        return table
    return make(False)
