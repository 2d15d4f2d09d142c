"""``soc2flow import comply``: a strongdm/comply project into this layout.

Policies and narratives become policies (``POL-<ACRONYM>``, ``NAR-<ACRONYM>``) under
their original file names (``policies/access.md`` stays ``policies/access.md``;
``narratives/x.md`` becomes ``policies/narrative-x.md``); every front-matter value is
read as the string comply reads (``acronym: ON`` is ``ON``, not YAML 1.1's true);
procedures become controls (``PROC-<ID>``) with the nearest cadence for their
cron. ``satisfies`` becomes ``criteria``: IDs unknown to SOC 2 (TSC 2017) are
findings and are kept aside under ``x-comply-unmapped``. ``majorRevisions``
become a revision table in the body and ``x-comply-revisions``. comply has no
owners or approvers: every item is owned by ``unassigned`` until someone fills
it in, which ``soc2flow validate`` keeps reporting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from soc2flow.diagnostics import Diagnostic, error, warning
from soc2flow.errors import BadInput
from soc2flow.fileio import write_atomic
from soc2flow.workflow import comply_read
from soc2flow.workflow.comply_read import ComplyDoc
from soc2flow.workflow.cron import to_cadence
from soc2flow.workflow.paths import ensure_inside

UNASSIGNED = "unassigned"
_TEMPLATE = re.compile(r"\{\{\s*([^}]*?)\s*\}\}")


def tsc_criteria() -> frozenset[str]:
    from soc2flow.catalog import load_catalog

    return frozenset(load_catalog("soc2-tsc-2017").criteria)


@dataclass
class ImportReport:
    """What was converted, what to fill in, and what could not be carried over."""

    source: Path
    written: list[tuple[str, str]] = field(default_factory=list)  # (target, source)
    findings: list[Diagnostic] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [f"imported {len(self.written)} file(s) from {self.source}:"]
        lines += [f"  {target}  <-  {src}" for target, src in self.written]
        if self.todo:
            lines.append("to fill in (comply does not carry these):")
            lines += [f"  - {item}" for item in self.todo]
        if self.findings:
            lines.append(f"{len(self.findings)} finding(s):")
            lines += [
                f"  {d.path}:{d.line}:{d.column}: {d.severity} {d.rule}: {d.message}"
                for d in self.findings
            ]
        return "\n".join(lines) + "\n"


@dataclass
class _Context:
    org: str
    standards: set[str]
    report: ImportReport
    files: dict[str, str] = field(default_factory=dict)


def import_comply(source: Path, target: Path) -> ImportReport:
    """Convert the comply project at ``source`` into files under ``target``."""
    source = source.resolve()
    if not source.is_dir() or not any((source / f).is_dir() for f in comply_read.FOLDERS):
        raise BadInput(
            f"{source} is not a comply project (no policies/, narratives/ or procedures/ folder)"
        )
    report = ImportReport(source)
    ctx = _Context(_org_name(source), comply_read.standard_names(source, report.findings), report)
    for folder, prefix in (("policies", "POL"), ("narratives", "NAR")):
        for doc in comply_read.documents(source, folder, report.findings):
            _policy(ctx, doc, prefix)
    for doc in comply_read.documents(source, "procedures", report.findings):
        _procedure(ctx, doc)
    if not (target / "soc2flow.yaml").exists():
        ctx.files["soc2flow.yaml"] = _config(ctx.org)
        report.written.append(("soc2flow.yaml", "comply.yml"))
        report.todo.append("people, teams and the audit period in soc2flow.yaml")
    _write(target, ctx.files)
    _todo(ctx)
    return report


def _org_name(source: Path) -> str:
    path = source / "comply.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        data = None
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) and name.strip() else source.name


def _slug_id(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "-", text.upper()).strip("-")


def _policy(ctx: _Context, doc: ComplyDoc, prefix: str) -> None:
    acronym = _slug_id(str(doc.meta.get("acronym") or ""))
    if not acronym:
        acronym = _slug_id(Path(doc.path).stem)
        ctx.report.findings.append(
            warning(
                "comply-field-missing",
                f"no acronym; the ID is made from the file name ({acronym})",
                doc.path,
            )
        )
    item_id = f"{prefix}-{acronym}"
    front: dict[str, Any] = {
        "id": item_id,
        "title": str(doc.meta.get("name") or acronym),
        "owner": UNASSIGNED,
        "approvers": [],
        "review": "annual",
        "status": "active",
    }
    front.update(_criteria(ctx, doc))
    revisions = _revisions(ctx, doc)
    front["x-comply-source"] = doc.path
    if revisions:
        front["x-comply-revisions"] = revisions
    body = _body(ctx, doc) + _revision_table(revisions)
    # The original file name, so that the user's links keep working; a narrative is
    # prefixed so that it cannot take the name of a policy.
    name = f"{'' if prefix == 'POL' else 'narrative-'}{Path(doc.path).name}"
    text = "---\n" + _dump(front) + "---\n" + body
    _add(ctx, f"policies/{name}", text, doc.path)


def _procedure(ctx: _Context, doc: ComplyDoc) -> None:
    raw_id = str(doc.meta.get("id") or Path(doc.path).stem)
    item_id = f"PROC-{_slug_id(raw_id)}"
    control: dict[str, Any] = {
        "id": item_id,
        "title": str(doc.meta.get("name") or raw_id),
        "description": _body(ctx, doc).strip(),
        "owner": UNASSIGNED,
        "cadence": _cadence(ctx, doc),
        "evidence": [],
    }
    control.update(_criteria(ctx, doc))
    control["x-comply-source"] = doc.path
    _add(ctx, f"controls/{item_id}.yaml", _dump(control), doc.path)


def _cadence(ctx: _Context, doc: ComplyDoc) -> str | dict[str, Any]:
    cron = doc.meta.get("cron")
    if cron is None:
        return "on-change"
    cadence = to_cadence(str(cron))
    if cadence is None:
        ctx.report.findings.append(
            error(
                "comply-cron-invalid",
                f"cron {str(cron)!r} cannot be read; set a cadence by hand (on-change for now)",
                doc.path,
                *doc.at("cron"),
            )
        )
        return "on-change"
    return cadence


def _criteria(ctx: _Context, doc: ComplyDoc) -> dict[str, Any]:
    satisfies = doc.meta.get("satisfies") or {}
    if not isinstance(satisfies, dict):
        ctx.report.findings.append(
            error(
                "comply-satisfies-invalid",
                "'satisfies' is not a mapping of standard to criteria",
                doc.path,
            )
        )
        return {}
    known: list[str] = []
    unknown: list[str] = []
    other: dict[str, list[str]] = {}
    for standard, ids in satisfies.items():
        ids = [str(i) for i in ids] if isinstance(ids, list) else [str(ids)]
        if not _is_tsc(str(standard)):
            other[str(standard)] = ids
            ctx.report.findings.append(
                warning(
                    "comply-standard-unknown",
                    f"standard {standard!r} is not SOC 2 TSC; its IDs are kept under x-comply-satisfies",
                    doc.path,
                    *doc.at("satisfies", standard),
                )
            )
            continue
        for index, cid in enumerate(ids):
            if cid in tsc_criteria():
                known.append(cid)
                continue
            unknown.append(cid)
            ctx.report.findings.append(
                error(
                    "comply-criterion-unknown",
                    f"{cid} is not a SOC 2 (TSC 2017) criterion; kept under x-comply-unmapped, "
                    "map it by hand",
                    doc.path,
                    *doc.at("satisfies", standard, index),
                )
            )
    out: dict[str, Any] = {"criteria": sorted(set(known), key=_criterion_key)}
    if unknown:
        out["x-comply-unmapped"] = unknown
    if other:
        out["x-comply-satisfies"] = other
    return out


def _criterion_key(cid: str) -> tuple[str, int, int]:
    m = re.match(r"^([A-Z]+)(\d+)\.(\d+)$", cid)
    return (m.group(1), int(m.group(2)), int(m.group(3))) if m else (cid, 0, 0)


def _is_tsc(standard: str) -> bool:
    return standard.upper().replace("-", "").startswith(("TSC", "SOC2"))


def _revisions(ctx: _Context, doc: ComplyDoc) -> list[dict[str, str]]:
    out = []
    entries = doc.meta.get("majorRevisions") or []
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict):
            continue
        when = comply_read.parse_date(entry.get("date", ""))
        if when is None:
            ctx.report.findings.append(
                warning(
                    "comply-date-invalid",
                    f"revision date {entry.get('date')!r} is not a date; kept as written",
                    doc.path,
                    *doc.at("majorRevisions", index, "date"),
                )
            )
        out.append(
            {
                "date": when.isoformat() if when else str(entry.get("date", "")),
                "comment": str(entry.get("comment", "")),
            }
        )
    return out


def _revision_table(revisions: list[dict[str, str]]) -> str:
    if not revisions:
        return ""
    rows = "".join(f"| {r['date']} | {r['comment'].replace('|', '/')} |\n" for r in revisions)
    return "\n## Revision history (from comply)\n\n| date | change |\n|---|---|\n" + rows


def _body(ctx: _Context, doc: ComplyDoc) -> str:
    lines = doc.body.splitlines(keepends=True)
    for offset, line in enumerate(lines):
        for match in _TEMPLATE.finditer(line):
            if match.group(1) != ".Name":
                ctx.report.findings.append(
                    warning(
                        "comply-template",
                        f"template text {match.group(0)!r} left as is; replace it",
                        doc.path,
                        doc.body_line + offset,
                        match.start() + 1,
                    )
                )
    return _TEMPLATE.sub(lambda m: ctx.org if m.group(1) == ".Name" else m.group(0), doc.body)


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _add(ctx: _Context, target: str, text: str, source: str) -> None:
    if target in ctx.files:
        ctx.report.findings.append(
            error(
                "comply-id-duplicate",
                f"{target} is already made from another file; skipped",
                source,
            )
        )
        return
    ctx.files[target] = text
    ctx.report.written.append((target, source))


def _config(org: str) -> str:
    return _dump(
        {"organization": org, "timezone": "UTC", "frameworks": ["soc2-tsc-2017"], "people": []}
    )


def _write(target: Path, files: dict[str, str]) -> None:
    clashes = sorted(p for p in files if (target / p).exists() or (target / p).is_symlink())
    if clashes:
        raise BadInput(
            f"{clashes[0]} already exists in {target}; import into a fresh repository (nothing was written)"
        )
    for path in files:
        ensure_inside(target, target / path)
    for path, text in files.items():
        write_atomic(target / path, text)


def _todo(ctx: _Context) -> None:
    policies = sum(1 for t, _ in ctx.report.written if t.startswith("policies/"))
    controls = sum(1 for t, _ in ctx.report.written if t.startswith("controls/"))
    ctx.report.todo[:0] = [
        f"owner and approvers of {policies} policies and {controls} controls (set to '{UNASSIGNED}')",
        "criticality of each item (medium for now) and the evidence each control attaches",
        "which policy each control belongs to (comply does not link procedures to policies)",
    ]
