"""Pull-request reviews recorded in ``refs/notes/soc2flow``: the note format, read and write.

A note is JSON Lines: one JSON object per line, one line per ``approvals record`` run::

    {"soc2flow": 1, "source": "github-reviews", "pr": 12, "merge": "<sha>",
     "head": "<sha>", "approvals": [{"login": "carol", "review": 8, "submitted_at":
     "2026-03-02T10:00:00Z", "commit_id": "<sha>"}], "stale": [...]}

Only approvals whose ``commit_id`` is the recorded ``head`` count. A line that is not
such an object is a problem reported as a finding; the other lines still count.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from soc2flow.history.git import NOTES_REF, git
from soc2flow.history.tree import CatFile

FORMAT_VERSION = 1
MAX_NOTE_BYTES = 1 << 20  # a bigger note is not read (SPEC §7.6)


@dataclass(frozen=True)
class Review:
    """One approving review recorded in a note."""

    login: str
    submitted_at: str
    head: str  # the head commit that was merged, as recorded


@dataclass
class Note:
    """What the note on one commit says, and what is wrong with it."""

    commit: str
    reviews: list[Review] = field(default_factory=list)
    heads: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def read_notes(root: Path, reader: CatFile) -> dict[str, Note]:
    """Every soc2flow note, by annotated commit id: one ``git notes list`` and one batch read."""
    listing = git(root, "notes", f"--ref={NOTES_REF}", "list", check=False).decode()
    pairs = [line.split() for line in listing.splitlines() if len(line.split()) == 2]
    sizes = _sizes(root, [blob for blob, _ in pairs])
    small = [(blob, commit) for blob, commit in pairs if sizes.get(blob, 0) <= MAX_NOTE_BYTES]
    blobs = reader.read_many(blob for blob, _ in small)
    found = {
        commit: parse_note(commit, data or b"")
        for (_, commit), data in zip(small, blobs, strict=True)
    }
    for blob, commit in pairs:
        if sizes.get(blob, 0) > MAX_NOTE_BYTES:
            found[commit] = Note(
                commit, problems=[f"the note is {sizes[blob]} bytes, over the 1 MiB limit; unread"]
            )
    return found


def note_writers(root: Path) -> dict[str, str]:
    """Annotated commit -> fingerprint of the good signature on the notes-ref commit that
    last wrote its note ("" when that commit is unsigned). One ``git log`` of the notes
    ref (not of the history), read like the history itself."""
    from soc2flow.history.log import read_log

    tip = git(root, "rev-parse", "--verify", "--quiet", f"{NOTES_REF}^{{commit}}", check=False)
    if not tip.strip():
        return {}
    found: dict[str, str] = {}
    for commit in read_log(root, tip.decode().strip()).commits:  # newest first
        key = commit.signing_key if commit.signature in ("G", "U") else ""
        for change in commit.files:
            found.setdefault(change.path.replace("/", ""), key)
    return found


def _sizes(root: Path, blobs: list[str]) -> dict[str, int]:
    """Object sizes by id, from one ``git cat-file --batch-check`` (never reading them)."""
    if not blobs:
        return {}
    out = git(root, "cat-file", "--batch-check", stdin="".join(f"{b}\n" for b in blobs).encode())
    sizes: dict[str, int] = {}
    for line in out.decode("utf-8", "replace").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2].isdigit():
            sizes[parts[0]] = int(parts[2])
    return sizes


def parse_note(commit: str, data: bytes) -> Note:
    """Read one note; malformed lines become problems, never exceptions."""
    note = Note(commit)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        note.problems.append("the note is not UTF-8 text")
        return note
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            _parse_line(note, number, line)
    return note


def _parse_line(note: Note, number: int, line: str) -> None:
    try:
        doc = json.loads(line)
    except json.JSONDecodeError as exc:
        note.problems.append(f"line {number} of the note is not JSON ({exc.msg})")
        return
    except RecursionError:
        note.problems.append(f"line {number} of the note nests too deeply to read")
        return
    head = doc.get("head") if isinstance(doc, dict) else None
    approvals = doc.get("approvals") if isinstance(doc, dict) else None
    if not isinstance(head, str) or not isinstance(approvals, list):
        note.problems.append(
            f"line {number} of the note is not a soc2flow review record "
            "(an object with 'head' and 'approvals')"
        )
        return
    note.heads.add(head)
    for item in approvals:
        review = _review(item, head)
        if review is None:
            note.problems.append(f"line {number} of the note has an approval without a login")
        elif item.get("commit_id", head) != head:
            note.problems.append(
                f"line {number} of the note counts a review of {str(item.get('commit_id'))[:12]}, "
                f"not of the merged head {head[:12]}; it is ignored"
            )
        else:
            note.reviews.append(review)


def _review(item: Any, head: str) -> Review | None:
    if not isinstance(item, dict) or not isinstance(item.get("login"), str) or not item["login"]:
        return None
    return Review(item["login"], str(item.get("submitted_at") or ""), head)


def note_line(doc: dict[str, Any]) -> str:
    """One record as the single line a note holds."""
    return json.dumps({"soc2flow": FORMAT_VERSION, **doc}, sort_keys=True, separators=(",", ":"))
