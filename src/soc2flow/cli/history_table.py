"""Rich tables for ``history`` and ``show`` (imported only when a table is printed)."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from soc2flow.domain.judging import Version
from soc2flow.text import clean
from soc2flow.usecases.history import ItemHistory


def _short(identity: str) -> str:
    """A person id as is; "Name <email>" of someone not in soc2flow.yaml as the name."""
    name, bracket, _ = identity.partition(" <")
    return name if bracket and name else identity


def _approvals(version: Version) -> str:
    return (
        "\n".join(
            f"{_short(a.who)} ({a.provenance}{'' if a.counted else ', not counted'})"
            for a in version.approvals
        )
        or "-"
    )


_VERBS = {"A": "added", "M": "edited", "T": "type changed", "D": "deleted"}


def _change(version: Version) -> str:
    """What changed: this file (added, edited, renamed) and how many other files."""
    verb = _VERBS.get(version.status, "changed")
    if version.status == "R":
        verb = f"renamed from {version.old_path}"
    others = len([p for p in version.paths if p != version.path])
    return verb + (f" (+{others} other file{'s' if others > 1 else ''})" if others else "")


def history_table(item: ItemHistory, width: int) -> Group:
    """The versions table, then one line per finding with its explanation.

    Findings are explained under the table rather than in a column of their own, so
    that the table fits an 80-column terminal or CI log.
    """
    details = [
        Text(clean(f"{v.commit[:10]} {finding}: {message}"))
        for v in item.versions
        for finding, message in zip(v.findings, v.messages, strict=False)
    ]
    details.extend(
        Text(f"{v.commit[:10]} {_short(a.who)} ({a.provenance}): {a.why}")
        for v in item.versions
        for a in v.approvals
        if not a.counted
    )
    from soc2flow.reporters.fit import fitted

    return Group(
        fitted(lambda roomy, limit: _versions(item, roomy, limit), width, markup=False), *details
    )


# Each column's readable minimum: together they fit an 80-column terminal or CI log.
_MINIMUMS = (
    ("commit", 10),
    ("date", 10),
    ("author", 6),
    ("PR", 3),
    ("approvals", 10),
    ("approved", 8),
    ("change", 8),
)


def _versions(item: ItemHistory, roomy: bool, limit: int | None) -> Table:
    """``roomy``: every column keeps its minimum and wraps by word within what is left
    (``reporters.fit`` drops the minimums when the terminal is too narrow for them)."""
    from rich import box

    table = Table(
        title=clean(f"{item.id} · {item.path}"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    for name, minimum in _MINIMUMS:
        table.add_column(name, min_width=minimum if roomy else None, overflow="fold")
    for v in item.versions[:limit]:
        table.add_row(
            v.commit[:10],
            v.date.date().isoformat(),
            clean(", ".join(_short(a) for a in v.authors)),
            f"#{v.pr}" if v.pr is not None else "-",
            clean(_approvals(v)),
            "yes" if v.approved else "no",
            clean(_change(v)),
        )
    return table


def show_table(shown: dict[str, Any]) -> Table:
    table = Table(
        title=clean(f"{shown['id']} · {shown['title']}"), title_justify="left", show_header=False
    )
    table.add_column("field", style="bold", overflow="fold")
    table.add_column("value", overflow="fold")
    profile = shown["profile"]
    versions = shown["versions"]
    latest = versions["latest"]
    rows = [
        ("kind", shown["kind"]),
        ("file", shown["path"] + (" (uncommitted changes)" if shown["uncommitted"] else "")),
        ("owner", shown["owner"] + (f" (backup {shown['backup']})" if shown["backup"] else "")),
        ("profile", f"{profile['name']}: {profile['approvals']} approval(s)"),
        ("approvers", ", ".join(shown["approvers"]) or "nobody (name approvers)"),
    ]
    rows += [(name, ", ".join(ids)) for name, ids in shown["links"].items() if ids]
    rows.append(
        (
            "versions",
            f"{versions['count']} since {versions['first']}, {versions['unapproved']} unapproved",
        )
    )
    rows += _latest_rows(latest) + _execution_rows(shown)
    for due in shown.get("due", []):
        period = f" {due['period']}" if due["period"] else ""
        rows.append(
            (f"due ({due['kind']})", f"{due['due']}{period}: {due['status']}, {due['days']} days")
        )
    for key, value in rows:
        table.add_row(key, clean(value))
    return table


def _latest_rows(latest: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The newest version and its approvals that do not count."""
    rows: list[tuple[str, str]] = []
    if not latest:
        return rows
    approved = "approved" if latest["approved"] else "not approved"
    rows.append(
        (
            "latest",
            f"{latest['commit'][:10]} {latest['date'][:10]} by {latest['author']}, {approved}",
        )
    )
    uncounted = [
        f"{_short(a['who'])} ({a['provenance']})"
        for a in latest["approvals"]
        if not a.get("counted", True)
    ]
    if uncounted:
        rows.append(("asserted, not counted", ", ".join(uncounted)))
    return rows


def _execution_rows(shown: dict[str, Any]) -> list[tuple[str, str]]:
    """The last execution, the status in the period and the labelled records."""
    rows: list[tuple[str, str]] = []
    execution = shown["last_execution"]
    if execution:
        rows.append(
            (
                "last execution",
                f"{execution['performed']} by {execution['performed_by']}: {execution['result']}"
                + (
                    f" (evidence invalid: {execution['evidence_invalid']})"
                    if execution.get("evidence_invalid")
                    else ""
                ),
            )
        )
    status = shown.get("status")
    if status:
        window = f"{status['period']['start']}..{status['period']['end']}"
        rows.append(("status in period", f"{status['text']} ({window})"))
    labelled = [r for r in shown.get("records", []) if r["label"]]
    for word in ("migrated", "recorded-late", "not-committed"):
        count = sum(1 for r in labelled if r["label"] == word)
        if count:
            rows.append((word.replace("-", " "), f"{count} record(s); see --format json"))
    return rows
