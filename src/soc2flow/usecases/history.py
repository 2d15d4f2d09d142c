"""The use cases behind ``soc2flow history ID`` and ``soc2flow show ID``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from soc2flow.domain.judging import Version, allowed_approvers, approval_rule
from soc2flow.domain.org import People
from soc2flow.domain.terms import terms_of
from soc2flow.errors import UnknownItem
from soc2flow.history.approvals import versions_of
from soc2flow.history.git import git
from soc2flow.history.governance import governance_of
from soc2flow.history.repo_history import RepoHistory, load_history
from soc2flow.loading import Entry, Repository, WorkTree, load_repository


@dataclass(frozen=True)
class ItemHistory:
    """One item, its versions newest first, and the state of the work tree."""

    id: str
    kind: str
    path: str
    entry: Entry[Any] | None  # None for a governance file
    versions: list[Version]
    uncommitted: bool  # the work tree differs from HEAD for this file
    head: str
    branch: str | None
    repo: Repository
    people: People
    history: RepoHistory | None = None


KINDS = ("policy", "control", "exception", "vendor", "risk")


def find_item(repo: Repository, item_id: str) -> tuple[str, Entry[Any]] | None:
    for kind, table in zip(KINDS, repo.tables(), strict=True):
        entry: Entry[Any] | None = table.get(item_id)
        if entry is not None:
            return kind, entry
    return None


def item_history(
    root: Path,
    item_id: str,
    rev: str = "HEAD",
    *,
    use_cache: bool = True,
    governance: bool = False,
) -> ItemHistory:
    """Load history at ``rev`` and the versions of one item (or, with ``governance``, of a
    governance file by its path); UnknownItem if no item has the ID."""
    history = load_history(root, rev, use_cache=use_cache)
    repo = load_repository(history.tree_source()).repo
    found = find_item(repo, item_id)
    if found is None and rev == "HEAD":
        repo = load_repository(WorkTree(history.root)).repo
        found = find_item(repo, item_id)
    if found is None and governance:
        files = governance_file(history, repo, item_id, rev)
        if files is not None:
            return files
    if found is None:
        raise UnknownItem(
            f"no policy, control, exception, vendor or risk has the ID {item_id!r} at {rev}; "
            "IDs are case-sensitive, e.g. POL-ACCESS or AC-01"
        )
    kind, entry = found
    config = repo.config.model if repo.config else None
    if config is not None:
        history.use_timezone(config.timezone)  # dates in the organisation's time zone
    people = People(config)
    versions = versions_of(entry, history, people, config)
    uncommitted = rev == "HEAD" and _dirty(history, entry.path)
    return ItemHistory(
        item_id,
        kind,
        entry.path,
        entry,
        versions,
        uncommitted,
        history.head,
        history.branch,
        repo,
        people,
        history,
    )


def governance_file(
    history: RepoHistory, repo: Repository, path: str, rev: str
) -> ItemHistory | None:
    """The versions of a governance file (SPEC §7.6), or None when ``path`` is not one."""
    config = repo.config.model if repo.config else None
    state = governance_of(history, config)
    if path not in state.paths or not history.changes(path):
        return None
    status = git(history.root, "status", "--porcelain=v1", "--", path, check=False)
    uncommitted = rev == "HEAD" and bool(status.strip())
    people = People(config)
    return ItemHistory(
        path,
        "governance",
        path,
        None,
        state.versions(path),
        uncommitted,
        history.head,
        history.branch,
        repo,
        people,
    )


def _dirty(history: RepoHistory, path: str) -> bool:
    return path in history.dirty_paths()


def history_json(item: ItemHistory) -> dict[str, Any]:
    """The ``history`` JSON of SPEC §5."""
    return {
        "id": item.id,
        "path": item.path,
        "versions": [version_json(v) for v in item.versions],
    }


def version_json(version: Version) -> dict[str, Any]:
    return {
        "commit": version.commit,
        "date": version.date.date().isoformat(),
        "author": version.author,
        "pr": version.pr,
        "paths": list(version.paths),
        "approvals": [a.as_dict() for a in version.approvals],
        "approved": version.approved,
        "findings": list(version.findings),
    }


def show_json(item: ItemHistory) -> dict[str, Any]:
    """The resolved item for ``soc2flow show``."""
    if item.entry is None:
        raise UnknownItem(f"{item.id} is a governance file; use `soc2flow history {item.id}`")
    model = item.entry.model
    config = item.repo.config.model if item.repo.config else None
    rule = approval_rule(terms_of(model), item.people, config)
    level = getattr(model, "risk", None) or getattr(model, "criticality", None)
    latest = item.versions[0] if item.versions else None
    return {
        "id": item.id,
        "kind": item.kind,
        "title": getattr(model, "title", None)
        or getattr(model, "name", None)
        or getattr(model, "reason", ""),
        "path": item.path,
        "owner": model.owner,
        "backup": getattr(model, "backup", None),
        "profile": {"name": level, "approvals": rule.required},
        "approvers": sorted(allowed_approvers(terms_of(model), item.people)),
        "links": links(item.repo, item.id, item.kind, model),
        "versions": {
            "count": len(item.versions),
            "first": item.versions[-1].date.date().isoformat() if item.versions else None,
            "latest": version_json(latest) if latest else None,
            "unapproved": sum(1 for v in item.versions if not v.approved),
        },
        "uncommitted": item.uncommitted,
        "last_execution": last_execution(item.repo, item.id) if item.kind == "control" else None,
    }


def links(repo: Repository, item_id: str, kind: str, model: Any) -> dict[str, list[str]]:
    """Items this one names and items that name it."""
    controls = sorted(cid for cid, e in repo.controls.items() if e.model.policy == item_id)
    exceptions = sorted(
        xid
        for xid, e in repo.exceptions.items()
        if item_id in (e.model.control, e.model.policy) or item_id in e.model.compensating
    )
    found: dict[str, list[str]] = {"controls": controls, "exceptions": exceptions}
    if kind == "control":
        found["policy"] = [model.policy] if model.policy else []
        found["controls"] = []
    if kind == "exception":
        found["policy"] = [model.policy] if model.policy else []
        found["controls"] = [model.control] if model.control else []
        found["compensating"] = list(model.compensating)
        found["exceptions"] = []
    found.update(register_links(repo, item_id, kind, model))
    return found


def register_links(repo: Repository, item_id: str, kind: str, model: Any) -> dict[str, list[str]]:
    """Links through the vendor and risk registers."""
    if kind == "vendor":
        inheriting = [
            cid
            for cid, e in repo.controls.items()
            if e.model.inherited is not None and e.model.inherited.vendor == item_id
        ]
        answering = {c for cuec in model.cuecs for c in cuec.controls}
        named = [x for x, e in repo.exceptions.items() if e.model.vendor == item_id]
        return {"controls": sorted({*inheriting, *answering}), "exceptions": sorted(named)}
    if kind == "risk":
        accepted = [model.acceptance] if model.acceptance else []
        return {"controls": list(model.controls), "exceptions": accepted}
    risks = sorted(rid for rid, e in repo.risks.items() if item_id in e.model.controls)
    return {"risks": risks} if kind == "control" else {}


def last_execution(repo: Repository, control_id: str) -> dict[str, Any] | None:
    records = [r for r in repo.records if r.model.control == control_id]
    if not records:
        return None
    latest = max(records, key=lambda r: (r.model.performed, r.path))
    return {
        "path": latest.path,
        "performed": latest.model.performed.isoformat(),
        "performed_by": latest.model.performed_by,
        "covers": latest.model.covers,
        "result": latest.model.result,
    }
