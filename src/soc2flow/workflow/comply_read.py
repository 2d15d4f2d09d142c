"""Reading a strongdm/comply project: documents with front matter, standards, cron.

comply's quirks: the front matter often has no opening ``---`` (the file starts
with ``name:`` and one ``---`` line ends it), dates are written like
``Jun 1 2018``, bodies hold Go template text such as ``{{.Name}}``, and each
folder may hold a README.md that is not a document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from soc2flow.diagnostics import Diagnostic, error
from soc2flow.loading.documents import decode
from soc2flow.loading.yamlfile import Positions, YamlProblem, parse

FOLDERS = ("policies", "narratives", "procedures")
_DATE_FORMATS = ("%Y-%m-%d", "%b %d %Y", "%B %d %Y", "%b %d, %Y", "%B %d, %Y", "%d %b %Y")


@dataclass(frozen=True)
class ComplyDoc:
    """One comply document: where it is, its front matter and its Markdown body."""

    path: str
    meta: dict[str, Any]
    body: str
    body_line: int
    positions: Positions

    def at(self, *keys: str | int) -> tuple[int, int]:
        return self.positions.at(keys)


def documents(root: Path, folder: str, out: list[Diagnostic]) -> list[ComplyDoc]:
    """Every document of one comply folder, README.md skipped, problems into ``out``."""
    base = root / folder
    if not base.is_dir():
        return []
    docs = []
    for path in sorted(base.iterdir()):
        rel = f"{folder}/{path.name}"
        if path.suffix.lower() != ".md" or path.name.lower() == "readme.md":
            continue
        if path.is_symlink() or not path.is_file():
            out.append(error("comply-unreadable", "symlinks and folders are skipped", rel))
            continue
        doc = read_doc(rel, path.read_bytes())
        if isinstance(doc, Diagnostic):
            out.append(doc)
        else:
            docs.append(doc)
    return docs


def read_doc(rel: str, raw: bytes) -> ComplyDoc | Diagnostic:
    text = decode(rel, raw)
    if isinstance(text, Diagnostic):
        return text
    lines = text.splitlines(keepends=True)
    start = 1 if lines and lines[0].rstrip("\r\n") == "---" else 0
    end = next((i for i in range(start, len(lines)) if lines[i].rstrip("\r\n") == "---"), None)
    if end is None:
        return error("comply-unreadable", "no '---' line ends the front matter", rel)
    try:
        meta, positions = parse("".join(lines[start:end]), line_offset=start, strings=True)
    except YamlProblem as problem:
        return error("comply-unreadable", problem.message, rel, problem.line, problem.column)
    if not isinstance(meta, dict):
        return error("comply-unreadable", "the front matter is not a mapping of keys", rel)
    return ComplyDoc(rel, meta, "".join(lines[end + 1 :]), end + 2, positions)


def standard_names(root: Path, out: list[Diagnostic]) -> set[str]:
    """The ``name`` of every standard in standards/*.yml (the keys used by ``satisfies``)."""
    names: set[str] = set()
    base = root / "standards"
    if not base.is_dir():
        return names
    for path in sorted(base.iterdir()):
        if path.suffix not in (".yml", ".yaml") or path.is_symlink() or not path.is_file():
            continue
        rel = f"standards/{path.name}"
        text = decode(rel, path.read_bytes())
        if isinstance(text, Diagnostic):
            out.append(text)
            continue
        try:
            data, _ = parse(text, strings=True)
        except YamlProblem as problem:
            out.append(
                error("comply-unreadable", problem.message, rel, problem.line, problem.column)
            )
            continue
        if isinstance(data, dict) and isinstance(data.get("name"), str):
            names.add(data["name"])
    return names


def parse_date(value: object) -> date | None:
    """A comply date ("Jun 1 2018", "2018-06-01") as a date, or None."""
    if isinstance(value, date):
        return value
    text = re.sub(r"\s+", " ", str(value).strip())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
