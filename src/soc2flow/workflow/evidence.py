"""``soc2flow evidence add``: one execution of a control, as a new evidence folder.

The files are copied into a temporary folder beside the destination, hashed as
they are copied, ``record.yaml`` is written last, and the folder is renamed into
place: a run leaves a complete record or nothing. An existing record is never
overwritten.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from soc2flow.domain.periods import parse_label
from soc2flow.errors import BadInput, UnknownItem
from soc2flow.loading import Repository, WorkTree, load_repository
from soc2flow.models import Config, Control, Record
from soc2flow.workflow.paths import ensure_inside

MAX_BYTES = 5 * 1024 * 1024
RESULTS = ("pass", "fail", "partial")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class EvidenceRequest:
    root: Path
    control: str
    files: list[Path]
    performed: date
    today: date
    by: str | None = None
    git_email: str | None = None
    covers: str | None = None
    result: str = "pass"
    notes: str = ""
    evidence: list[str] = field(default_factory=list)
    slug: str | None = None


@dataclass(frozen=True)
class EvidenceResult:
    folder: str
    record: str
    files: list[tuple[str, str, str]]


def add_evidence(request: EvidenceRequest) -> EvidenceResult:
    """Check the request, then write the new execution folder all at once."""
    repo = load_repository(WorkTree(request.root)).repo
    control = _control(repo, request.control)
    _check_options(request)
    performer = _performer(repo, request)
    contents = {name: _read_file(path) for name, path in _names(request.files).items()}
    ids = _evidence_ids(control, request)
    files = [(name, ids[name], hashlib.sha256(data).hexdigest()) for name, data in contents.items()]
    record = _record_text(request, performer, files)
    folder = _place(request, contents, record)
    return EvidenceResult(folder, record, files)


def _control(repo: Repository, control_id: str) -> Control:
    entry = repo.controls.get(control_id)
    if entry is None:
        known = ", ".join(sorted(repo.controls)[:8]) or "none"
        raise UnknownItem(
            f"there is no valid control {control_id!r} (known: {known}); "
            "check the ID or run soc2flow validate"
        )
    return entry.model


def _check_options(request: EvidenceRequest) -> None:
    if request.result not in RESULTS:
        raise BadInput(f"--result must be one of {', '.join(RESULTS)}, not {request.result!r}")
    if request.covers is not None and parse_label(request.covers) is None:
        raise BadInput(
            f"--covers {request.covers!r} is not a period; write 2026-Q1, 2026-03, "
            "2026-W13, 2026-H1, 2026 or, for a daily control, 2026-03-28"
        )
    if request.performed > request.today:
        raise BadInput(f"--performed {request.performed} is in the future; give the real date")
    if request.slug is not None and not _SLUG.fullmatch(request.slug):
        raise BadInput(f"--slug {request.slug[:60]!r} must be lowercase letters, digits and dashes")
    if not request.files:
        raise BadInput("give at least one evidence file")


def _performer(repo: Repository, request: EvidenceRequest) -> str:
    config = repo.config.model if repo.config else None
    people = {p.id: p for p in config.people} if config else {}
    day = request.performed  # a person who has left cannot perform a control (active_on)
    if request.by is not None:
        person = people.get(request.by)
        if person is None or not person.active:
            raise BadInput(
                f"--by {request.by!r} is not an active person in soc2flow.yaml; use a person id"
            )
        if not person.active_on(day):
            raise BadInput(
                f"--by {request.by!r} left on {person.left}, so did not perform the control on "
                f"{day}; name who performed it"
            )
        return request.by
    email = (request.git_email or "").lower()
    matches = [
        p.id for p in people.values() if p.active_on(day) and (p.email or "").lower() == email
    ]
    if email and len(matches) == 1:
        return matches[0]
    raise BadInput("cannot tell who performed the control from your git email; pass --by PERSON")


def _names(paths: list[Path]) -> dict[str, Path]:
    names: dict[str, Path] = {}
    for path in paths:
        name = path.name
        if name in names:
            raise BadInput(f"two files are named {name!r}; rename one so both fit in the record")
        if name == "record.yaml" or name.startswith("."):
            raise BadInput(f"{path}: an evidence file may not be named {name!r}; rename it")
        names[name] = path
    return names


def _read_file(path: Path) -> bytes:
    try:
        info = path.lstat()
    except FileNotFoundError:
        raise BadInput(f"{path} does not exist") from None
    if stat.S_ISLNK(info.st_mode):
        raise BadInput(f"{path} is a symlink; give the file it points to")
    if stat.S_ISDIR(info.st_mode):
        raise BadInput(f"{path} is a folder; give the files in it one by one")
    if not stat.S_ISREG(info.st_mode):
        raise BadInput(f"{path} is not a regular file")
    if info.st_size > MAX_BYTES:
        raise BadInput(f"{path} is {info.st_size} bytes; evidence files are limited to 5 MiB")
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise BadInput(f"{path} is larger than 5 MiB; evidence files are limited to 5 MiB")
    return data


def _evidence_ids(control: Control, request: EvidenceRequest) -> dict[str, str]:
    declared = [e.id for e in control.evidence]
    if not declared:
        raise BadInput(
            f"control {control.id} declares no evidence; add an 'evidence:' list to it first"
        )
    default, mapped = _parse_mapping(request, declared)
    names = _names(request.files)
    ids: dict[str, str] = {}
    for name in names:
        chosen = mapped.get(name) or default or (declared[0] if len(declared) == 1 else None)
        if chosen is None:
            raise BadInput(
                f"control {control.id} asks for several kinds of evidence "
                f"({', '.join(declared)}); say which {name!r} is with --evidence {name}=ID"
            )
        ids[name] = chosen
    return ids


def _parse_mapping(
    request: EvidenceRequest, declared: list[str]
) -> tuple[str | None, dict[str, str]]:
    default: str | None = None
    mapped: dict[str, str] = {}
    for value in request.evidence:
        target, sep, evidence_id = value.rpartition("=")
        if evidence_id not in declared:
            raise BadInput(
                f"--evidence {value!r}: {evidence_id!r} is not an evidence id of "
                f"{request.control} ({', '.join(declared)})"
            )
        if not sep:
            default = evidence_id
            continue
        name = Path(target).name
        if name not in {p.name for p in request.files}:
            raise BadInput(f"--evidence {value!r} names a file that is not being added")
        mapped[name] = evidence_id
    return default, mapped


def _record_text(
    request: EvidenceRequest, performer: str, files: list[tuple[str, str, str]]
) -> str:
    data: dict[str, object] = {
        "control": request.control,
        "performed": request.performed,
        "performed_by": performer,
    }
    if request.covers is not None:
        data["covers"] = request.covers
    data["result"] = request.result
    data["files"] = [{"path": n, "evidence": e, "sha256": h} for n, e, h in files]
    if request.notes:
        data["notes"] = request.notes
    Record.model_validate({**data, "performed": request.performed})
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _candidates(request: EvidenceRequest) -> list[str]:
    base = f"evidence/{request.control}/{request.performed.isoformat()}"
    if request.slug is not None:
        return [f"{base}-{request.slug}"]
    return [base if n == 1 else f"{base}-{n}" for n in range(1, 100)]


def _place(request: EvidenceRequest, contents: dict[str, bytes], record: str) -> str:
    """Write the record in a temporary folder and rename it to the first free name.

    Renaming a folder onto a folder that is not empty fails, so runs at the same time
    each get a folder of their own (or, with a taken --slug, a one-sentence refusal).
    """
    parent = request.root / "evidence" / request.control
    ensure_inside(request.root, request.root / _candidates(request)[0] / "record.yaml")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".new-", dir=parent))
    except OSError as exc:
        raise BadInput(
            f"cannot write in {parent} ({exc.strerror or exc}); "
            "evidence add needs a writable repository"
        ) from None
    try:
        _fill(tmp, contents, record)
        for folder in _candidates(request):
            ensure_inside(request.root, request.root / folder / "record.yaml")
            if _claim(tmp, request.root / folder):
                return folder
    except OSError as exc:
        raise BadInput(
            f"cannot write the record in {parent} ({exc.strerror or exc}); nothing was added"
        ) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if request.slug is not None:
        raise BadInput(f"{_candidates(request)[0]} already exists; records are never overwritten")
    raise BadInput(f"{parent} has 99 records of that day already; pass --slug to name this one")


def _fill(tmp: Path, contents: dict[str, bytes], record: str) -> None:
    for name, data in contents.items():
        (tmp / name).write_bytes(data)
    (tmp / "record.yaml").write_text(record, encoding="utf-8")
    os.chmod(tmp, 0o755)


def _claim(tmp: Path, final: Path) -> bool:
    """Rename ``tmp`` to ``final``; False when another record holds that name."""
    if final.exists() or final.is_symlink():
        return False
    try:
        os.rename(tmp, final)
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.EISDIR, errno.ENOTDIR):
            return False
        raise
    return True


def configured_timezone(root: Path) -> str | None:
    """The repository's configured timezone (for the CLI's 'today'), if soc2flow.yaml reads."""
    from soc2flow.diagnostics import Diagnostic
    from soc2flow.loading.documents import read_document

    path = root / "soc2flow.yaml"
    if not path.is_file() or path.is_symlink():
        return None
    doc = read_document("soc2flow.yaml", path.read_bytes())
    if isinstance(doc, Diagnostic):
        return None
    timezone = doc.data.get("timezone", "UTC")
    try:
        return Config.model_validate({"organization": "x", "timezone": timezone}).timezone
    except ValueError:
        return None
