"""``soc2flow vendor report``: file a provider's new report (and bridge letter) into a vendor.

The report is copied under ``evidence/vendors/`` (never over an existing file), hashed
as it is read, and appended to the vendor's ``reports:`` list by editing the YAML text:
comments, key order and every other line stay as they were. The edited text is checked
with the vendor model before anything is written; the copied files are removed again
when the vendor file cannot be written, so a run leaves the new report filed or nothing.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from soc2flow.errors import BadInput, UnknownItem
from soc2flow.fileio import write_atomic
from soc2flow.loading import Entry, WorkTree, load_repository
from soc2flow.models import Vendor
from soc2flow.models.registers import ReportType
from soc2flow.workflow.paths import ensure_inside

MAX_BYTES = 5 * 1024 * 1024
FOLDER = "evidence/vendors"
TYPES: tuple[str, ...] = ReportType.__args__  # type: ignore[attr-defined]
OPINIONS = ("unqualified", "qualified", "adverse", "disclaimer")
_PERIOD = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class ReportRequest:
    root: Path
    vendor: str
    file: Path
    type: str
    period: str
    opinion: str | None = None
    exceptions: int = 0
    bridge_to: date | None = None
    bridge_file: Path | None = None


@dataclass(frozen=True)
class Filed:
    vendor_path: str
    files: tuple[tuple[str, str], ...]  # (repo path, sha256) of the report and bridge letter


def file_report(request: ReportRequest) -> Filed:
    """Check everything, copy the files, then rewrite the vendor file atomically."""
    entry = _vendor(request)
    start, end = _period(request)
    _check_options(request)
    copies = [(_target(request, request.file, "report"), _read(request.file))]
    if request.bridge_file is not None:
        copies.append((_target(request, request.bridge_file, "bridge"), _read(request.bridge_file)))
    hashes = [hashlib.sha256(data).hexdigest() for _, data in copies]
    item = _item_text(request, start, end, [c[0] for c in copies], hashes)
    source = (request.root / entry.path).read_text(encoding="utf-8")
    edited = append_report(source, item)
    _check(edited, entry.path)
    written: list[Path] = []
    try:
        for rel, data in copies:
            _copy_new(request.root, rel, data)
            written.append(request.root / rel)
        write_atomic(request.root / entry.path, edited)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return Filed(entry.path, tuple(zip([c[0] for c in copies], hashes, strict=True)))


def _vendor(request: ReportRequest) -> Entry[Vendor]:
    repo = load_repository(WorkTree(request.root)).repo
    entry = repo.vendors.get(request.vendor)
    if entry is None:
        known = ", ".join(sorted(repo.vendors)[:8]) or "none"
        raise UnknownItem(
            f"there is no valid vendor {request.vendor!r} (known: {known}); "
            "check the ID or run soc2flow validate"
        )
    return entry


def _period(request: ReportRequest) -> tuple[date, date]:
    match = _PERIOD.match(request.period)
    try:
        if match is None:
            raise ValueError
        start, end = (date.fromisoformat(g) for g in match.groups())
    except ValueError:
        raise BadInput(
            f"--period {request.period!r} is not START..END, e.g. 2025-04-01..2026-03-31"
        ) from None
    if end < start:
        raise BadInput(f"--period {request.period!r} ends before it starts")
    return start, end


def _check_options(request: ReportRequest) -> None:
    if request.type not in TYPES:
        raise BadInput(f"--type {request.type!r} is not one of {', '.join(TYPES)}")
    if request.opinion is not None and request.opinion not in OPINIONS:
        raise BadInput(f"--opinion {request.opinion!r} is not one of {', '.join(OPINIONS)}")
    if request.exceptions < 0:
        raise BadInput("--exceptions is a count of deviations, 0 or more")
    if request.bridge_file is not None and request.bridge_to is None:
        raise BadInput("--bridge-file needs --bridge-to, the last day the letter covers")


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise BadInput(f"{path} is not a file")
    if path.stat().st_size > MAX_BYTES:
        raise BadInput(f"{path} is larger than the 5 MiB limit of a repository file")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BadInput(f"{path} cannot be read: {exc.strerror}") from None


def _target(request: ReportRequest, path: Path, what: str) -> str:
    """evidence/vendors/<vendor>-<type>-<period end>[-bridge]<suffix>; never an existing file."""
    end = request.period.rsplit("..", 1)[-1]
    suffix = "".join(c for c in path.suffix.lower() if c.isalnum() or c == ".")[:10]
    tail = "-bridge" if what == "bridge" else ""
    rel = f"{FOLDER}/{request.vendor.lower()}-{request.type}-{end}{tail}{suffix}"
    ensure_inside(request.root, request.root / rel)
    if os.path.lexists(request.root / rel):
        raise BadInput(f"{rel} already exists; a filed report is never overwritten")
    return rel


def _item_text(
    request: ReportRequest, start: date, end: date, paths: list[str], hashes: list[str]
) -> list[str]:
    lines = [
        f"type: {request.type}",
        f"period: {{start: {start.isoformat()}, end: {end.isoformat()}}}",
    ]
    if request.opinion is not None:
        lines.append(f"opinion: {request.opinion}")
    lines += [f"exceptions: {request.exceptions}", f"file: {paths[0]}", f"sha256: {hashes[0]}"]
    if request.bridge_to is not None:
        bridge = f"covers_to: {request.bridge_to.isoformat()}"
        if len(paths) > 1:
            bridge += f", file: {paths[1]}, sha256: {hashes[1]}"
        lines.append(f"bridge_letter: {{{bridge}}}")
    return lines


def append_report(source: str, item: list[str]) -> str:
    """``source`` with ``item`` (lines of one mapping) appended to its ``reports:`` list."""
    lines = source.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    node = _reports_node(source)
    if node is None:
        block = ["reports:\n", *_entry(item, 2)]
        return "".join(lines + block)
    key, value = node
    if isinstance(value, yaml.SequenceNode) and not value.flow_style:
        indent = value.start_mark.column
        at = _end_line(value, lines)
        return "".join(lines[:at] + _entry(item, indent) + lines[at:])
    if isinstance(value, yaml.SequenceNode | yaml.ScalarNode) and _empty(value):
        row = key.start_mark.line
        return "".join([*lines[:row], "reports:\n", *_entry(item, 2), *lines[row + 1 :]])
    raise BadInput(
        "the vendor's 'reports:' is not a block list; write it as '- type: …' items, "
        "then file the report again"
    )


def _reports_node(source: str) -> tuple[yaml.Node, yaml.Node] | None:
    root = yaml.compose(source, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise BadInput("the vendor file is not a YAML mapping")
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "reports":
            return key, value
    return None


def _empty(value: yaml.Node) -> bool:
    if isinstance(value, yaml.SequenceNode):
        return not value.value and value.start_mark.line == value.end_mark.line
    return isinstance(value, yaml.ScalarNode) and value.value in ("", "~", "null")


def _end_line(value: yaml.Node, lines: list[str]) -> int:
    """The index of the first line after the sequence's last item: blank lines and comments
    between it and the next key stay after the new item."""
    last = value.end_mark.line if value.end_mark.column else value.end_mark.line - 1
    last = min(last, len(lines) - 1)
    while last > value.start_mark.line and lines[last].strip()[:1] in ("", "#"):
        last -= 1
    return last + 1


def _entry(item: list[str], indent: int) -> list[str]:
    pad = " " * indent
    return [f"{pad}- {item[0]}\n", *(f"{pad}  {line}\n" for line in item[1:])]


def _check(text: str, path: str) -> None:
    from soc2flow.loading.documents import Document, read_document

    doc = read_document(path, text.encode("utf-8"))
    if not isinstance(doc, Document):
        raise BadInput(f"{path} would not read after the edit ({doc.message}); file it by hand")
    try:
        Vendor.model_validate(doc.data)
    except ValueError as exc:
        raise BadInput(f"{path} would not validate after the edit: {exc}") from None


def _copy_new(root: Path, rel: str, data: bytes) -> None:
    """Write ``data`` to ``rel`` all at once; fail when the name was taken meanwhile."""
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.link(tmp, target)  # fails if the name exists: never overwrite
    except FileExistsError:
        raise BadInput(f"{rel} already exists; a filed report is never overwritten") from None
    finally:
        Path(tmp).unlink(missing_ok=True)
