"""Loading a whole compliance repository into models, collecting every problem."""

from __future__ import annotations

import difflib
import gc
import posixpath
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from soc2flow.diagnostics import Diagnostic, error
from soc2flow.loading.documents import Document, read_document
from soc2flow.loading.source import CONFIG, PEOPLE_CSV, FileSource
from soc2flow.loading.yamlfile import Positions
from soc2flow.models import Config, Control, ExceptionItem, Policy, Record, Risk, Vendor

M = TypeVar("M", bound=BaseModel)

_RULES = {
    "extra_forbidden": "key-unknown",
    "missing": "key-missing",
    "date_invalid": "date-invalid",
    "cadence_invalid": "cadence-invalid",
    "id_invalid": "id-invalid",
    "value_out_of_range": "value-out-of-range",
    "person_field_invalid": "person-field-invalid",
    "cadence_never_due": "cadence-never-due",
}
# What PyYAML (YAML 1.1) reads as a boolean; text of these spellings must be quoted.
_YAML11_BOOLEAN = "yes, no, on, off, true and false in any case"


_TEXT_ERRORS = {"string_type", "literal_error", "union_tag_invalid", "cadence_invalid"}

_CADENCE_HELP = (
    "a cadence is one of daily, weekly, monthly, quarterly, semiannual, annual, "
    "on-change, continuous, {every: P90D} or {rrule: 'FREQ=…'}"
)


@dataclass(frozen=True)
class Entry(Generic[M]):
    """A validated model with the file it came from and where its keys are."""

    model: M
    path: str
    positions: Positions
    body: str = ""
    body_line: int = 1

    def at(self, *path: str | int) -> tuple[int, int]:
        """Line and column of a key path in the file (nearest existing ancestor)."""
        return self.positions.at(path)

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.path)


@dataclass
class Repository:
    """Everything soc2flow read from one compliance repository."""

    config: Entry[Config] | None = None
    policies: dict[str, Entry[Policy]] = field(default_factory=dict)
    controls: dict[str, Entry[Control]] = field(default_factory=dict)
    exceptions: dict[str, Entry[ExceptionItem]] = field(default_factory=dict)
    records: list[Entry[Record]] = field(default_factory=list)
    vendors: dict[str, Entry[Vendor]] = field(default_factory=dict)
    risks: dict[str, Entry[Risk]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    invalid_ids: set[str] = field(default_factory=set)
    """IDs of items whose file failed its schema: they exist, so references to them hold."""

    def has(self, item_id: str) -> bool:
        """Whether an item with this ID exists (valid, or present with schema errors)."""
        return self.path_of(item_id) is not None or item_id in self.invalid_ids

    def path_of(self, item_id: str) -> str | None:
        for table in self.tables():
            entry = table.get(item_id)
            if entry is not None:
                return entry.path
        return None

    def tables(self) -> tuple[dict[str, Entry[Any]], ...]:
        """Every table of versioned items, in VERSIONED_DIRS order."""
        return (self.policies, self.controls, self.exceptions, self.vendors, self.risks)

    def items(self) -> Iterator[Entry[Any]]:
        """Every versioned item (policies, controls, exceptions, vendors, risks)."""
        for table in self.tables():
            yield from table.values()


@dataclass
class Loaded:
    repo: Repository
    diagnostics: list[Diagnostic]


VERSIONED_DIRS = ("policies", "controls", "exceptions", "vendors", "risks")
"""Where the items with versions and approvals live (kind_of); ITEM_DIRS adds evidence/."""


_YAML_KINDS = {"exceptions": "exception", "vendors": "vendor", "risks": "risk"}


def kind_of(path: str) -> str | None:
    """Which file kind a repo-relative path holds, or None for other files."""
    if path == CONFIG:
        return "config"
    top, _, rest = path.partition("/")
    if top == "policies" and rest.endswith(".md") and "/" not in rest:
        return "policy"
    if top == "controls" and rest.endswith((".yaml", ".yml")) and "/" not in rest:
        return "control"
    if top in _YAML_KINDS and rest.endswith((".yaml", ".yml")) and "/" not in rest:
        return _YAML_KINDS[top]
    if top == "evidence" and posixpath.basename(rest) == "record.yaml":
        return "record"
    return None


def schema_diagnostics(path: str, exc: ValidationError, positions: Positions) -> list[Diagnostic]:
    found = []
    for err in exc.errors(include_url=False):
        loc = tuple(x for x in err["loc"] if isinstance(x, str | int))
        line, column = positions.locate(loc)
        where = _dotted(loc, positions)
        message = err["msg"].removeprefix("Value error, ")
        rule = _RULES.get(err["type"], "schema-invalid")
        if err["type"] == "literal_error" and "named" in err["loc"]:
            rule, message = "cadence-invalid", _CADENCE_HELP
        elif err["type"] == "extra_forbidden":
            message = f"unknown key '{loc[-1]}'{_suggestion(str(loc[-1]))}"
        elif err["type"] == "missing":
            message = f"required key '{loc[-1]}' is missing"
        elif where:
            message = f"{where}: {message}"
        if isinstance(err.get("input"), bool) and err["type"] in _TEXT_ERRORS:
            message += (
                f"; quote the value if it is text (YAML reads {_YAML11_BOOLEAN} as a boolean)"
            )
        found.append(error(rule, message, path, line, column))
    return found


@cache
def _vocabulary() -> frozenset[str]:
    """Every key any file kind knows (for "did you mean" on an unknown key)."""
    found: set[str] = set()
    pending: list[type[BaseModel]] = list(_MODELS.values())
    while pending:
        model = pending.pop()
        found.update(model.model_fields)
        for field_info in model.model_fields.values():
            pending.extend(_nested_models(field_info.annotation))
    return frozenset(found)


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _nested_models(arg)]


def _suggestion(key: str) -> str:
    close = difflib.get_close_matches(key, _vocabulary(), n=1, cutoff=0.75)
    if close:
        return f"; did you mean '{close[0]}'?"
    return " (custom keys start with 'x-')"


def _dotted(loc: tuple[str | int, ...], positions: Positions) -> str:
    kept: list[str | int] = []
    for element in loc:
        if (*kept, element) in positions.marks:
            kept.append(element)
    text = ""
    for element in kept:
        text += f"[{element}]" if isinstance(element, int) else (f".{element}" if text else element)
    return text


def _validate(
    model: type[M], doc: Document, out: list[Diagnostic], invalid_ids: set[str]
) -> Entry[M] | None:
    try:
        value = model.model_validate(doc.data)
    except ValidationError as exc:
        out.extend(schema_diagnostics(doc.path, exc, doc.positions))
        if isinstance(doc.data.get("id"), str):
            invalid_ids.add(doc.data["id"])
        return None
    return Entry(value, doc.path, doc.positions, doc.body, doc.body_line)


_MODELS: dict[str, type[BaseModel]] = {
    "config": Config,
    "policy": Policy,
    "control": Control,
    "exception": ExceptionItem,
    "record": Record,
    "vendor": Vendor,
    "risk": Risk,
}


_pause_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Loading creates hundreds of thousands of nodes, positions and models and no cycles; the
    collector's repeated passes over them cost as much as the parsing itself. Pauses nest
    and may overlap across threads (history is read in one while files load): the
    collector comes back when the last one ends. What was built then is long-lived, so
    it is frozen first (``gc.freeze``): otherwise the first collection after the pause
    would walk every object once more for nothing (0.7 s after loading 55,000 files).
    """
    global _pauses, _was_enabled
    with _pause_lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0:
                gc.freeze()
                if _was_enabled:
                    gc.enable()


def load_repository(source: FileSource) -> Loaded:
    """Read and validate every file of the repository; never raises on bad files."""
    with gc_paused():
        return _load_all(source)


def _load_all(source: FileSource) -> Loaded:
    repo = Repository(files=source.paths())
    out: list[Diagnostic] = []
    for path in repo.files:
        kind = kind_of(path)
        if kind is None:
            if source.is_symlink(path) and not source.exists(path):
                out.append(
                    error(
                        "path-symlink",
                        "folders of the compliance repository may not be symlinks; "
                        "commit the files themselves",
                        path,
                    )
                )
            continue
        entry = _load_one(source, path, kind, out, repo.invalid_ids)
        if entry is not None:
            _register(repo, kind, entry, out)
    if repo.config is None and not any(d.path == CONFIG for d in out):
        out.append(error("config-missing", "no soc2flow.yaml at the repository root", CONFIG))
    _add_csv_people(source, repo, out)
    from soc2flow.loading.ack_csv import fill_csv_people

    fill_csv_people(source, repo)  # acknowledgement records naming their people in a CSV
    return Loaded(repo, out)


def _add_csv_people(source: FileSource, repo: Repository, out: list[Diagnostic]) -> None:
    """People from people.csv join the config's (SPEC §7.4); its problems are findings."""
    if not source.exists(PEOPLE_CSV):
        return
    if source.is_symlink(PEOPLE_CSV):
        out.append(error("path-symlink", "people.csv may not be a symlink", PEOPLE_CSV))
        return
    if source.size(PEOPLE_CSV) > 5 * 1024 * 1024:
        out.append(error("file-too-large", "file is larger than the 5 MiB limit", PEOPLE_CSV))
        return
    from soc2flow.loading.people_csv import read_people_csv, with_csv_people

    config = repo.config
    taken = [p.id for p in config.model.people] if config else []
    people, found = read_people_csv(PEOPLE_CSV, source.read(PEOPLE_CSV), taken)
    out.extend(found)
    if config is not None and people:
        repo.config = replace(config, model=with_csv_people(config.model, people))


def _load_one(
    source: FileSource, path: str, kind: str, out: list[Diagnostic], invalid_ids: set[str]
) -> Entry[Any] | None:
    if source.is_symlink(path):
        out.append(
            error("path-symlink", "item files may not be symlinks; commit the file itself", path)
        )
        return None
    if not source.exists(path):
        out.append(error("file-not-regular", "not a regular file (a FIFO, socket or device)", path))
        return None
    if source.size(path) > 5 * 1024 * 1024:
        out.append(error("file-too-large", "file is larger than the 5 MiB limit", path))
        return None
    doc = read_document(path, source.read(path), markdown=kind == "policy")
    if isinstance(doc, Diagnostic):
        out.append(doc)
        return None
    return _validate(_MODELS[kind], doc, out, invalid_ids)


def _register(repo: Repository, kind: str, entry: Entry[Any], out: list[Diagnostic]) -> None:
    if kind == "config":
        repo.config = entry
        return
    if kind == "record":
        repo.records.append(entry)
        return
    item_id = entry.model.id
    first = repo.path_of(item_id)
    if first is not None:
        line, column = entry.at("id")
        out.append(
            error(
                "id-duplicate", f"ID {item_id} is already used by {first}", entry.path, line, column
            )
        )
        return
    tables: dict[str, dict[str, Any]] = {
        "policy": repo.policies,
        "control": repo.controls,
        "exception": repo.exceptions,
        "vendor": repo.vendors,
        "risk": repo.risks,
    }
    tables[kind][item_id] = entry
