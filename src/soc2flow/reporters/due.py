"""Formatters of a due report: table, json, csv, ics (RFC 5545) and a Markdown digest.

Each is a pure function of the report (and display options) that returns a string.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from soc2flow import __version__
from soc2flow.reporters.due_table import format_table, last_label, uncommitted_note
from soc2flow.schedule.items import FIELDS, DueItem, DueReport
from soc2flow.text import clean, clean_line, csv_cell, markdown_text

NAMES = ("table", "json", "csv", "ics", "markdown")


def format_json(report: DueReport) -> str:
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"


def format_csv(report: DueReport) -> str:
    """A header row of the JSON item fields, in order, then one row per item."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for item in report.items:
        writer.writerow([csv_cell(v) for v in item.as_dict().values()])
    return out.getvalue()


# ---- ICS (RFC 5545) ---------------------------------------------------------------------


def ics_text(value: str) -> str:
    """RFC 5545 §3.3.11 TEXT escaping."""
    value = clean(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """RFC 5545 §3.1 folding: lines of at most 75 octets, continued after CRLF + space."""
    parts: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def uid_of(item: DueItem) -> str:
    """Stable across runs: derived from id, kind and period (and the approver it waits on,
    or the person who owes an acknowledgement)."""
    key = f"{item.id}|{item.kind}|{item.period or ''}"
    if item.kind in ("approval-pending", "acknowledgment"):
        key += f"|{item.owner}"
    return f"{hashlib.sha256(key.encode()).hexdigest()[:32]}@soc2flow"


def _vtodo(item: DueItem, stamp: str) -> list[str]:
    period = f" {item.period}" if item.period else ""
    details = [
        f"{item.kind} of {item.id}{period}: {item.title}",
        f"Owner: {item.owner}. Status: {item.status} ({item.days} days).",
        f"Source: {item.source}",
    ]
    if item.escalate_to:
        details.append(f"Escalate to: {', '.join(item.escalate_to)}")
    return [
        "BEGIN:VTODO",
        f"UID:{uid_of(item)}",
        f"DTSTAMP:{stamp}",
        f"DUE;VALUE=DATE:{item.due:%Y%m%d}",
        f"SUMMARY:{ics_text(f'{item.id} {item.kind}{period}: {item.title}')}",
        f"DESCRIPTION:{ics_text(chr(10).join(details))}",
        f"CATEGORIES:{ics_text(item.kind)}",
        "STATUS:NEEDS-ACTION",
        "END:VTODO",
    ]


def format_ics(report: DueReport) -> str:
    """One VCALENDAR with one VTODO per item; CRLF line endings."""
    stamp = f"{report.as_of:%Y%m%d}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//soc2flow//soc2flow {__version__}//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{ics_text('soc2flow: what is due')}",
    ]
    for item in report.items:
        lines.extend(_vtodo(item, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


# ---- grouping, Markdown and the table -----------------------------------------------------


def by_owner(report: DueReport) -> dict[str, list[DueItem]]:
    """Items per owner; owners in the order of their most urgent item."""
    groups: dict[str, list[DueItem]] = {}
    for item in report.items:
        groups.setdefault(item.owner, []).append(item)
    return groups


def _counts(items: list[DueItem] | tuple[DueItem, ...]) -> str:
    overdue = sum(1 for i in items if i.status == "overdue")
    soon = sum(1 for i in items if i.status == "due-soon")
    return f"{overdue} overdue, {soon} due soon, {len(items) - overdue - soon} ok"


def _md(text: str) -> str:
    return markdown_text(text)


def _titled(item: DueItem) -> str:
    """The title, and ``; last 2026-12-01 (not committed)`` when only uncommitted records
    back the item's last date."""
    label = last_label(item)
    return f"{item.title}; {label}" if label else item.title


def format_markdown(
    report: DueReport, names: Mapping[str, str] | None = None, uncommitted: Sequence[str] = ()
) -> str:
    """A digest per owner, for the body of a weekly GitHub issue; ``uncommitted`` (records
    that count but are not committed) adds a paragraph under the counts."""
    names = names or {}
    lines = [f"# What is due as of {report.as_of.isoformat()}", ""]
    note = uncommitted_note(uncommitted)
    if not report.items:
        return "\n".join([*lines, "Nothing is due.", "", *([_md(note), ""] if note else [])])
    lines += [f"{_counts(report.items)}.", ""]
    if note:
        lines += [_md(note), ""]
    for owner, items in by_owner(report).items():
        code = "`" + clean_line(owner).replace("`", "") + "`"  # a code span: no mention, no link
        who = f"{_md(names[owner])} ({code})" if owner in names else code
        lines += [f"## {who}: {_counts(items)}", ""]
        lines += [
            "| status | due | days | kind | item | period | escalate to |",
            "|---|---|---|---|---|---|---|",
        ]
        for i in items:
            row = [
                i.status,
                i.due.isoformat(),
                str(i.days),
                i.kind,
                f"**{_md(i.id)}** {_md(_titled(i))}",
                i.period or "",
                ", ".join(i.escalate_to),
            ]
            lines.append(
                "| " + " | ".join(c if n == 4 else _md(c) for n, c in enumerate(row)) + " |"
            )
        lines.append("")
    return "\n".join(lines)


Formatter = Callable[..., str]
FORMATTERS: dict[str, Formatter] = {
    "table": format_table,
    "json": format_json,
    "csv": format_csv,
    "ics": format_ics,
    "markdown": format_markdown,
}


def render(name: str, report: DueReport, **options: Any) -> str:
    """Format ``report`` with the named formatter; display options go to table/markdown."""
    if name == "table":
        return format_table(report, **options)
    if name == "markdown":
        return format_markdown(report, options.get("names"), options.get("uncommitted", ()))
    return FORMATTERS[name](report)


def summary(report: DueReport) -> str:
    """One line for stderr (machine formats; the table prints its own summary first)."""
    count = len(report.items)
    noun = "item" if count == 1 else "items"
    return f"{count} {noun} due as of {report.as_of.isoformat()}: {_counts(report.items)}\n"
