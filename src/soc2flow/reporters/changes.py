"""Formats of ``soc2flow changes``: json (the contract), csv and a table for people."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

from soc2flow.text import csv_cell

if TYPE_CHECKING:
    from soc2flow.domain.judging import Approval
    from soc2flow.population.changes import ChangePopulation

CSV_FIELDS = ("commit", "date", "pr", "subject", "authors", "approvals", "independent", "flags")


def format_json(population: ChangePopulation) -> str:
    """The JSON contract, one change per line.

    A population can hold tens of thousands of changes: each is written compactly by
    the C encoder (the indenting encoder is pure Python and took most of the run on a
    large repository), and one change per line keeps a committed population diffable.
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode
    parts = []
    for key, value in population.as_dict().items():
        if key == "changes" and value:
            text = "[\n    " + ",\n    ".join(encode(change) for change in value) + "\n  ]"
        else:
            text = encode(value)
        parts.append(f"  {encode(key)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def approval_text(approval: Approval) -> str:
    counted = "" if approval.counted else ", not counted"
    return f"{approval.who} ({approval.provenance}{counted})"


def format_csv(population: ChangePopulation) -> str:
    """A header row, then one row per change; lists are joined with "; "."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for row in population.changes:
        writer.writerow(
            [
                row.commit,
                row.date.isoformat(),
                csv_cell(row.pr),
                csv_cell(row.subject),
                csv_cell("; ".join(row.authors)),
                csv_cell("; ".join(approval_text(a) for a in row.approvals)),
                "true" if row.independent else "false",
                ";".join(row.flags),
            ]
        )
    return out.getvalue()


def summary(population: ChangePopulation) -> str:
    """One line: how many changes, and how many carry each flag."""
    counts: dict[str, int] = {}
    for row in population.changes:
        for flag in row.flags:
            counts[flag] = counts.get(flag, 0) + 1
    flagged = ", ".join(f"{n} {flag}" for flag, n in sorted(counts.items()))
    period = population.period
    span = f"{period[0]}..{period[1]}" if period else "the whole history"
    tail = f" ({flagged})" if flagged else ""
    return f"{len(population.changes)} change(s) on {population.branch} in {span}{tail}"
