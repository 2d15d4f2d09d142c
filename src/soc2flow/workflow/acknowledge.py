"""``soc2flow evidence ack POLICY FILE.csv``: acknowledgements from a form or e-signature export.

The CSV's header is ``email,date`` or ``person,date`` (either order). Every row must name
a known person (by email, case-insensitive, or by id); an unknown one stops the run
before anything is written. One record is written per distinct date: ``people:`` those
who signed that day, ``performed`` that date, the CSV rows of that date attached as
evidence id ``acknowledgements`` with their sha256.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml

from soc2flow.errors import BadInput, UnknownItem
from soc2flow.loading import WorkTree, load_repository
from soc2flow.models import Config, Record
from soc2flow.workflow.evidence import EvidenceRequest, _claim, _fill, _performer, _read_file
from soc2flow.workflow.paths import ensure_inside

EVIDENCE_ID = "acknowledgements"
FILE_NAME = "acknowledgements.csv"


@dataclass(frozen=True)
class AckRequest:
    root: Path
    policy: str
    csv: Path
    today: date
    by: str | None = None
    git_email: str | None = None


@dataclass(frozen=True)
class Signed:
    day: date
    people: tuple[str, ...]
    rows: tuple[tuple[str, str], ...]  # (who as written, date as written)


def import_acknowledgements(request: AckRequest) -> list[tuple[str, Signed]]:
    """Write one record per date; returns (folder, what it holds) in date order."""
    repo = load_repository(WorkTree(request.root)).repo
    if request.policy not in repo.policies:
        known = ", ".join(sorted(repo.policies)[:8]) or "none"
        raise UnknownItem(f"there is no valid policy {request.policy!r} (known: {known})")
    config = repo.config.model if repo.config else None
    base = EvidenceRequest(
        request.root, request.policy, [], request.today, request.today, request.by,
        request.git_email,
    )  # fmt: skip
    performer = _performer(repo, base)
    column, rows = read_rows(request.csv)
    signed = group(config, column, rows, request.today, request.csv.name)
    planned = []
    taken: set[str] = set()
    for day in signed:
        folder = _folder(request.root, request.policy, day.day, taken)
        taken.add(folder)
        ensure_inside(request.root, request.root / folder / "record.yaml")
        data = _csv_text(column, day.rows)
        planned.append((folder, day, data, _record(request.policy, performer, day, data)))
    for folder, _, data, record in planned:
        _write(request.root / folder, {FILE_NAME: data}, record)
    return [(folder, day) for folder, day, _, _ in planned]


def _write(final: Path, contents: dict[str, bytes], record: str) -> None:
    """Write the record in a temporary folder and rename it onto ``final`` (never over
    a folder that exists: a run at the same time keeps its own)."""
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".new-", dir=final.parent))
    except OSError as exc:
        raise BadInput(f"cannot write in {final.parent} ({exc.strerror or exc})") from None
    try:
        _fill(tmp, contents, record)
        if not _claim(tmp, final):
            raise BadInput(f"{final.name} already exists; records are never overwritten")
    except OSError as exc:
        raise BadInput(f"cannot write the record {final} ({exc.strerror or exc})") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _folder(root: Path, policy: str, day: date, taken: set[str]) -> str:
    """A new folder ``evidence/<POLICY>/<DATE>-acknowledgements[-N]``; never an existing one."""
    base = f"evidence/{policy}/{day.isoformat()}-{EVIDENCE_ID}"
    for n in range(1, 100):
        folder = base if n == 1 else f"{base}-{n}"
        if folder not in taken and not (root / folder).exists():
            return folder
    raise BadInput(f"{base} has 99 records already; records are never overwritten")


def read_rows(path: Path) -> tuple[str, list[tuple[int, str, str]]]:
    """The person column's name (``email`` or ``person``) and (line, who, date) rows."""
    raw = _read_file(path)
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise BadInput(f"{path} is not UTF-8 text; export it as UTF-8 CSV") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
        who = next((c for c in ("email", "person") if c in header), None)
        if who is None or "date" not in header or len(header) != 2:
            raise BadInput(
                f"{path}: the header must be 'email,date' or 'person,date', not {','.join(header)!r}"
            )
        rows = []
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != 2:
                raise BadInput(f"{path}:{reader.line_num}: a row has {len(cells)} cells, not 2")
            values = dict(zip(header, (c.strip() for c in cells), strict=True))
            rows.append((reader.line_num, values[who], values["date"]))
    except csv.Error as exc:
        raise BadInput(f"{path} is not CSV ({exc})") from None
    if not rows:
        raise BadInput(f"{path} has no acknowledgements below its header")
    return who, rows


def _day(text: str, where: str, today: date) -> date:
    try:
        day = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text).date()
    except ValueError:
        raise BadInput(f"{where}: {text!r} is not a date; write it as YYYY-MM-DD") from None
    if day > today:
        raise BadInput(f"{where}: {day} is in the future")
    return day


def group(
    config: Config | None, column: str, rows: list[tuple[int, str, str]], today: date, name: str
) -> list[Signed]:
    """Rows by date, each person mapped to an id; an unknown person stops everything."""
    people = config.people if config else []
    by_email = {(p.email or "").strip().lower(): p.id for p in people if p.email}
    ids = {p.id for p in people}
    unknown: list[str] = []
    days: dict[date, list[tuple[str, str, str]]] = {}
    for line, who, when in rows:
        found = by_email.get(who.lower()) if column == "email" else (who if who in ids else None)
        if found is None:
            unknown.append(who)
            continue
        days.setdefault(_day(when, f"{name}:{line}", today), []).append((found, who, when))
    if unknown:
        listed = ", ".join(dict.fromkeys(repr(u) for u in unknown))
        raise BadInput(
            f"{name} names {listed}, who {'is' if len(unknown) == 1 else 'are'} not in "
            "soc2flow.yaml or people.csv; nothing was written"
        )
    return [
        Signed(
            day,
            tuple(dict.fromkeys(pid for pid, _, _ in entries)),
            tuple((who, when) for _, who, when in entries),
        )
        for day, entries in sorted(days.items())
    ]


def _csv_text(column: str, rows: tuple[tuple[str, str], ...]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([column, "date"])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _record(policy: str, performer: str, signed: Signed, data: bytes) -> str:
    record: dict[str, object] = {
        "control": policy,
        "performed": signed.day,
        "performed_by": performer,
        "result": "pass",
        "people": list(signed.people),
        "files": [
            {
                "path": FILE_NAME,
                "evidence": EVIDENCE_ID,
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        ],
    }
    Record.model_validate(record)
    return yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100)
