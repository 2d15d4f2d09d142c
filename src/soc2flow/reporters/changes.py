"""Formats of ``soc2flow changes``: json (the contract), csv and a table for people."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import date
from json.encoder import encode_basestring as _string
from typing import TYPE_CHECKING

from soc2flow.text import csv_cell

if TYPE_CHECKING:
    from soc2flow.domain.judging import Approval
    from soc2flow.population.changes import ChangePopulation, ChangeRow

CSV_FIELDS = ("commit", "date", "pr", "subject", "authors", "approvals", "independent", "flags")


def format_json(population: ChangePopulation) -> str:
    """The JSON contract, one change per line.

    A population can hold tens of thousands of changes, so each is written as one
    compact line by ``changes_json`` (one change per line keeps a committed population
    diffable); the rest by the C encoder.
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode
    parts = []
    for key, value in population.as_dict(changes=False).items():
        if key == "changes" and population.changes:
            text = "[\n    " + ",\n    ".join(changes_json(population.changes)) + "\n  ]"
        else:
            text = encode(value)
        parts.append(f"  {encode(key)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def changes_json(rows: Iterable[ChangeRow]) -> list[str]:
    """Each row's ``as_dict()`` as the C encoder writes it (``ensure_ascii=False``,
    compact), built directly: the encoder's set-up per call and the
    dictionaries cost three times as much, and the few distinct days and flag lists are
    written once (tests/population/test_changes_json.py holds this to the encoder)."""
    days: dict[date, str] = {}
    flag_lists: dict[tuple[str, ...], str] = {}
    found = []
    for row in rows:
        day = days.get(row.date)
        if day is None:
            day = days[row.date] = _string(row.date.isoformat())
        flags = flag_lists.get(row.flags)
        if flags is None:
            flags = flag_lists[row.flags] = ", ".join(map(_string, row.flags))
        approvals = _approvals_json(row.approvals) if row.approvals else ""
        found.append(
            f'{{"commit": {_string(row.commit)}, "date": {day}, '
            f'"pr": {"null" if row.pr is None else int(row.pr)}, "subject": {_string(row.subject)}, '
            f'"authors": [{", ".join(map(_string, row.authors))}], "approvals": [{approvals}], '
            f'"independent": {"true" if row.independent else "false"}, "flags": [{flags}]}}'
        )
    return found


def _approvals_json(approvals: tuple[Approval, ...]) -> str:
    return ", ".join(
        f'{{"who": {_string(a.who)}, "provenance": {_string(a.provenance)}, '
        f'"commit": {_string(a.commit)}, "counted": {"true" if a.counted else "false"}}}'
        for a in approvals
    )


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
