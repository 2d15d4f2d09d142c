"""``people.csv`` beside soc2flow.yaml: people from an HR export (SPEC §7.4).

A header row names the columns (``id,name,email,github,manager,joined,left,active`` in
any order; ``id`` and ``name`` required; any other column is an error). An empty cell is
an absent field. Every problem is one ``people-csv-invalid`` finding whose line is the
row's line in the file and whose column is the CSV column's number (1 = first).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from soc2flow.diagnostics import Diagnostic, error
from soc2flow.models import Config
from soc2flow.models.config import Person

RULE = "people-csv-invalid"
COLUMNS = ("id", "name", "email", "github", "manager", "joined", "left", "active")
REQUIRED = ("id", "name")


def _finding(path: str, row: int, column: int, message: str) -> Diagnostic:
    return error(RULE, f"row {row}, column {column}: {message}", path, row, column)


def _undecodable(path: str, raw: bytes) -> Diagnostic | None:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        row = raw[: exc.start].count(b"\n") + 1
        column = raw[start : exc.start].count(b",") + 1
        return _finding(
            path, row, column, f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8"
        )
    return None


def read_people_csv(
    path: str, raw: bytes, taken: Iterable[str] = ()
) -> tuple[list[Person], list[Diagnostic]]:
    """The people of a people.csv, and its findings; ``taken``: ids already used (YAML)."""
    bad = _undecodable(path, raw)
    if bad is not None:
        return [], [bad]
    reader = csv.reader(io.StringIO(raw.decode("utf-8").removeprefix("\ufeff"), newline=""))
    header = [cell.strip() for cell in next(reader, [])]
    out = [
        _finding(path, 1, n, f"'{name}' is not a column; use {', '.join(COLUMNS)}")
        for n, name in enumerate(header, start=1)
        if name not in COLUMNS
    ]
    out += [
        _finding(path, 1, len(header) + 1, f"the header has no '{name}' column")
        for name in REQUIRED
        if name not in header
    ]
    out += [
        _finding(path, 1, n, f"'{name}' is a column twice")
        for n, name in enumerate(header, start=1)
        if name in header[: n - 1]
    ]
    if out:
        return [], out
    people: list[Person] = []
    seen = set(taken)
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            return people, [*out, _finding(path, line, 1, f"the row is not CSV ({exc})")]
        if cells is None:
            return people, out
        if not any(cell.strip() for cell in cells):
            continue
        person = _row(path, line, header, cells, seen, out)
        if person is not None:
            seen.add(person.id)
            people.append(person)


def _row(
    path: str,
    line: int,
    header: list[str],
    cells: list[str],
    seen: set[str],
    out: list[Diagnostic],
) -> Person | None:
    if len(cells) != len(header):
        column = min(len(cells), len(header)) + 1
        out.append(
            _finding(
                path, line, column, f"the row has {len(cells)} cells; the header has {len(header)}"
            )
        )
        return None
    data: dict[str, Any] = {
        name: cell.strip() for name, cell in zip(header, cells, strict=True) if cell.strip()
    }
    where = {name: n for n, name in enumerate(header, start=1)}
    if "active" in data:
        if data["active"] not in ("true", "false"):
            out.append(_finding(path, line, where["active"], "active is true or false"))
            return None
        data["active"] = data["active"] == "true"
    if data.get("id") in seen:
        out.append(_finding(path, line, where["id"], f"person id '{data['id']}' is used twice"))
        return None
    try:
        return Person.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "id"
        value = data.get(field, "")
        problem = "is missing" if first["type"] == "missing" else f"'{value}' is invalid"
        out.append(_finding(path, line, where.get(field, 1), f"{field} {problem} ({first['msg']})"))
        return None


def with_csv_people(config: Config, people: list[Person]) -> Config:
    """The config with the CSV's people after its own."""
    return config.model_copy(update={"people": [*config.people, *people]})
