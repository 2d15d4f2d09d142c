"""Versions of an item as the binder shows them: approvals, findings, diffs, notes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from soc2flow.loading.documents import Document, read_document
from soc2flow.render.model import ApprovalView, VersionView
from soc2flow.render.text import text_diff

if TYPE_CHECKING:
    from soc2flow.domain.judging import Approval, Version

FINDING_TEXT = {
    "owner-changed": "the owner changed",
    "self-approval": "it was approved by one of its own authors",
    "insufficient-approvals": "it landed without the approvals its profile requires",
    "backdated-review": "its reviewed: date is backdated",
}


class Blobs(Protocol):
    """What the binder needs of the history: a file's bytes at a commit."""

    def blob(self, commit: str, path: str) -> bytes: ...


def day(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def in_window(versions: Sequence[Version], start: date, end: date) -> list[Version]:
    """The versions made in the window, plus the one in force at its start; newest first."""
    kept = [v for v in versions if start <= day(v.date) <= end]
    before = [v for v in versions if day(v.date) < start]
    if before:
        kept.append(before[0])
    return kept


def version_views(
    versions: Sequence[Version],
    start: date,
    end: date,
    paths: dict[str, str],
    history: Blobs,
    *,
    markdown: bool,
    diffs: bool,
) -> tuple[tuple[VersionView, ...], tuple[str, ...]]:
    """The versions in the window (newest first) and the notes an auditor must see about them.

    ``paths`` maps a commit to the item's path in it (renames are followed).
    """
    chosen = in_window(versions, start, end)
    paths = {v.commit: v.path or paths.get(v.commit, "") for v in chosen}
    texts = [_text(history, v.commit, paths[v.commit]) for v in chosen]
    docs = [_doc(paths.get(v.commit, ""), t, markdown) for v, t in zip(chosen, texts, strict=True)]
    views: list[VersionView] = []
    notes: list[str] = []
    for index, v in enumerate(chosen):
        older = index + 1 < len(chosen)
        in_period = start <= day(v.date) <= end
        diff = ""
        if diffs and in_period and older and texts[index] is not None:
            old_text = texts[index + 1] or ""
            diff = text_diff(
                old_text, texts[index] or "", chosen[index + 1].commit[:12], v.commit[:12]
            )
        views.append(_view(v, in_period, diff, docs[index]))
        if in_period:
            notes.extend(_notes(v, docs[index], docs[index + 1] if older else None))
    return tuple(views), tuple(notes)


UNSIGNED_NOTE = "recorded by CI (unsigned)"


def approval_note(approval: Approval) -> str:
    """Why an approval does not count, or that a recorded review is unsigned."""
    if not approval.counted:
        return approval.why
    if approval.provenance != "pr-review":
        return ""
    if approval.recorded.startswith("signed"):
        return "recorded by CI (signed by the recorder)"
    return UNSIGNED_NOTE


def _view(v: Version, in_period: bool, diff: str, doc: Document | None) -> VersionView:
    approvals = tuple(
        ApprovalView(a.who, a.provenance, a.commit, approval_note(a))
        for a in sorted(v.approvals, key=lambda a: (a.who, a.provenance, a.commit))
    )
    reviewed = doc.data.get("reviewed") if doc else None
    return VersionView(
        commit=v.commit,
        date=day(v.date).isoformat(),
        author=v.author,
        pr=v.pr,
        approvals=approvals,
        approved=v.approved,
        findings=tuple(sorted(v.findings)),
        in_period=in_period,
        diff=diff,
        reviewed=str(reviewed) if reviewed else "",
    )


def _notes(v: Version, doc: Document | None, older: Document | None) -> list[str]:
    where = f"Version {v.commit[:12]} of {day(v.date).isoformat()}"
    notes = []
    for problem in v.problems:
        text = problem.message or FINDING_TEXT.get(problem.rule, problem.rule)
        notes.append(f"{where}: {text.rstrip('.')}.")
    owner, before = _owner(doc), _owner(older)
    if owner and before and owner != before:
        notes.append(f"{where}: the owner changed from {before} to {owner}.")
    if not v.approved and "insufficient-approvals" not in v.findings:
        notes.append(f"{where}: not approved.")
    return notes


def _owner(doc: Document | None) -> str:
    value = doc.data.get("owner") if doc else None
    return value if isinstance(value, str) else ""


def _text(history: Blobs, commit: str, path: str) -> str | None:
    if not path:
        return None
    try:
        return history.blob(commit, path).decode("utf-8", "replace")
    except KeyError:
        return None


def _doc(path: str, text: str | None, markdown: bool) -> Document | None:
    if text is None:
        return None
    doc = read_document(path, text.encode("utf-8"), markdown=markdown)
    return doc if isinstance(doc, Document) else None
