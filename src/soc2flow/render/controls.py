"""The control register and the criteria matrix of the binder."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from soc2flow.domain.cadence import OnChange, schedule_of
from soc2flow.domain.status import counts, criterion_status, out_of_scope
from soc2flow.loading import Entry, Repository
from soc2flow.models import Control, PerPerson, Policy, Record
from soc2flow.render.files import FileIndex, inside
from soc2flow.render.model import ControlView, Execution, Expected, MatrixRow
from soc2flow.render.recording import Recording
from soc2flow.render.versions import Blobs, version_views

if TYPE_CHECKING:
    from soc2flow.domain.judging import Version

ExpectedFn = Callable[[Entry[Control], list[Entry[Record]]], Sequence[Expected]]


def cadence_label(cadence: Any) -> str:
    if isinstance(cadence, str):
        return cadence
    if isinstance(cadence, PerPerson):
        return f"per {cadence.per}, within {cadence.within}"
    every = getattr(cadence, "every", None)
    return f"every {every}" if every else f"rrule {getattr(cadence, 'rrule', cadence)}"


def execution(
    entry: Entry[Record], files: FileIndex, recording: Recording | None = None
) -> Execution:
    record = entry.model
    files.ref(entry.path)
    refs = []
    for f in sorted(record.files, key=lambda f: (f.path, f.evidence)):
        path = inside(entry.folder, f.path)
        refs.append(
            files.ref(path, f.evidence, f.sha256)
            if path
            else files.ref(f"{entry.folder}/{f.path}", f.evidence, f.sha256)
        )
    return Execution(
        path=entry.path,
        performed=record.performed.isoformat(),
        performed_by=record.performed_by,
        result=record.result,
        covers=record.covers or "",
        notes=record.notes,
        files=tuple(refs),
        **(recording.stamp(entry) if recording is not None else {}),
    )


def records_by_control(repo: Repository) -> dict[str, list[Entry[Record]]]:
    found: dict[str, list[Entry[Record]]] = {}
    for entry in sorted(repo.records, key=lambda e: (e.model.performed, e.path)):
        found.setdefault(entry.model.control, []).append(entry)
    return found


def control_view(
    entry: Entry[Control],
    records: list[Entry[Record]],
    expected: Sequence[Expected],
    versions: Sequence[Version],
    paths: dict[str, str],
    history: Blobs,
    files: FileIndex,
    window: tuple[date, date],
    recording: Recording | None = None,
) -> ControlView:
    control, (start, end) = entry.model, window
    files.ref(entry.path)
    runs = tuple(
        execution(r, files, recording) for r in records if start <= r.model.performed <= end
    )
    views, notes = version_views(versions, start, end, paths, history, markdown=False, diffs=False)
    return ControlView(
        id=control.id,
        title=control.title,
        path=entry.path,
        description=control.description,
        policy=control.policy or "",
        owner=control.owner,
        backup=control.backup or "",
        criticality=control.criticality,
        cadence=cadence_label(control.cadence),
        criteria=tuple(control.criteria),
        evidence=tuple((e.id, e.description) for e in control.evidence),
        expected=tuple(expected),
        executions=runs,
        versions=views,
        notes=notes,
        counts=tuple(counts(e.status for e in expected).items()),
        recorded=len(runs) if isinstance(schedule_of(control.cadence), OnChange) else None,
        effective=control.effective.isoformat() if control.effective else "",
    )


def criteria_of(item: Any, framework: str) -> list[str]:
    if framework == "soc2-tsc-2017":
        return list(item.criteria)
    mapped: Mapping[str, list[str]] = item.mappings
    return list(mapped.get(framework, []))


def matrix(
    framework: str,
    titles: Mapping[str, str],
    controls: Sequence[tuple[Control, ControlView]],
    policies: Sequence[Policy],
    categories: frozenset[str] | None = None,
) -> tuple[list[MatrixRow], tuple[str, ...]]:
    """One row per criterion of the framework (catalogue order), plus unknown IDs in use,
    and the criteria left out because their TSC category is out of scope."""
    by_criterion: dict[str, list[tuple[str, str, int, str]]] = {}
    periods: dict[str, list[str]] = {}
    for model, view in controls:
        for cid in criteria_of(model, framework):
            cell = (view.id, view.title, len(view.executions), view.status)
            by_criterion.setdefault(cid, []).append(cell)
            periods.setdefault(cid, []).extend(e.status for e in view.expected)
    policy_map: dict[str, list[str]] = {}
    for policy in policies:
        for cid in criteria_of(policy, framework):
            policy_map.setdefault(cid, []).append(policy.id)
    order = list(titles) + sorted((set(by_criterion) | set(policy_map)) - set(titles))
    rows, skipped = [], []
    for cid in dict.fromkeys(order):
        if out_of_scope(framework, cid, categories):
            skipped.append(cid)
            continue
        cells = tuple(sorted(by_criterion.get(cid, [])))
        status = criterion_status(bool(cells), periods.get(cid, []))
        title = titles.get(cid, "" if cid in titles else "not in the catalogue")
        rows.append(
            MatrixRow(framework, cid, title, cells, tuple(sorted(policy_map.get(cid, []))), status)
        )
    return rows, tuple(skipped)
