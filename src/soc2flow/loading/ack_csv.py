"""Acknowledgement records that name their people in an attached CSV (SPEC §7.4).

A record of a policy acknowledges for the people in its ``people:``; without ``people:``
it may attach a CSV whose header is ``person,date`` or ``email,date`` (the file
``soc2flow evidence ack`` attaches). The loader then fills ``people`` from that CSV, so
that ``due``, the binder, ``show`` and ``validate`` all read the same people:

- only a CSV whose content matches the sha256 in the record counts: a CSV in that form
  whose content changed, or an ``acknowledgements`` file that is missing or outside the
  record's folder, names nobody (the record then acknowledges for nobody, not for
  everyone);
- rows name a person by id (``person``) or by email (``email``, without regard to case);
  rows naming nobody known are left out;
- a record without ``people:`` and without such a CSV keeps the version-1 meaning:
  everyone in the audience employed on its ``performed`` date.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import posixpath
from typing import Any

from soc2flow.loading.source import FileSource

MAX_BYTES = 5 * 1024 * 1024
EVIDENCE_ID = "acknowledgements"  # the evidence id ``evidence ack`` gives its CSV


def fill_csv_people(source: FileSource, repo: Any) -> None:
    """Set ``people`` of each policy record without it from its attached CSV, if any.

    ``repo`` is the ``Repository`` being loaded (its records are replaced in place)."""
    config = repo.config.model if repo.config else None
    people = list(config.people) if config else []
    known = {
        "person": {p.id: p.id for p in people},
        "email": {(p.email or "").strip().lower(): p.id for p in people if p.email},
    }
    for number, entry in enumerate(repo.records):
        record = entry.model
        if record.people is not None or record.control not in repo.policies:
            continue
        found = _people_of(source, entry.folder, record.files, known)
        if found is not None:
            model = record.model_copy(update={"people": found})
            repo.records[number] = dataclasses.replace(entry, model=model)


def _people_of(
    source: FileSource, folder: str, files: list[Any], known: dict[str, dict[str, str]]
) -> list[str] | None:
    """The people the record's acknowledgement CSVs name; None when it attaches none."""
    found: list[str] | None = None
    for listed in files:
        if not listed.path.lower().endswith(".csv") and listed.evidence != EVIDENCE_ID:
            continue
        data = _read(source, folder, listed.path)
        if data is None:
            if listed.evidence == EVIDENCE_ID:
                found = found or []  # the acknowledgement CSV cannot be read: it names nobody
            continue
        rows = _rows(data)
        if rows is None:
            continue  # another kind of CSV: a version-1 record's evidence
        found = found or []
        column, names = rows
        if _hash_matches(data, listed.sha256):
            found.extend(pid for name in names if (pid := _person(known, column, name)))
    return list(dict.fromkeys(found)) if found is not None else None


def _read(source: FileSource, folder: str, name: str) -> bytes | None:
    path = posixpath.normpath(posixpath.join(folder, name))
    if not path.startswith(folder + "/") or not source.exists(path):
        return None
    if source.is_symlink(path) or not source.inside(path) or source.size(path) > MAX_BYTES:
        return None
    try:
        return source.read(path)
    except OSError:
        return None


def _hash_matches(data: bytes, sha256: str) -> bool:
    """The content as hashed, or as checked out with CRLF line endings."""
    if hashlib.sha256(data).hexdigest() == sha256:
        return True
    return b"\r\n" in data and hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest() == sha256


def _rows(data: bytes) -> tuple[str, list[str]] | None:
    """The person column (``person`` or ``email``) and its cells; None when the CSV is not
    an acknowledgement export."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
        reader = csv.reader(io.StringIO(text, newline=""))
        header = [cell.strip().lower() for cell in next(reader, [])]
        column = next((c for c in ("person", "email") if c in header), None)
        if column is None or "date" not in header or len(header) != 2:
            return None
        at = header.index(column)
        return column, [cells[at].strip() for cells in reader if len(cells) == 2]
    except (UnicodeDecodeError, csv.Error):
        return None


def _person(known: dict[str, dict[str, str]], column: str, name: str) -> str | None:
    return known[column].get(name.lower() if column == "email" else name)
