"""Evidence files of execution records: inside the record's folder, present, untampered."""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from soc2flow.diagnostics import Severity
from soc2flow.loading import Entry
from soc2flow.models import Record
from soc2flow.rules.base import Hit, RuleContext, hit, rule, safe_relative

E, W = Severity.ERROR, Severity.WARNING


def _files(ctx: RuleContext) -> Iterator[tuple[Entry[Record], int, str]]:
    """(record, index, repo path) for each listed file whose path is safe."""
    for record in ctx.repo.records:
        for index, item in enumerate(record.model.files):
            if safe_relative(item.path):
                yield record, index, posixpath.join(record.folder, item.path)


def _present(ctx: RuleContext) -> Iterator[tuple[Entry[Record], int, str]]:
    """Listed files that exist and are not symlinks leaving the repository."""
    for record, index, path in _files(ctx):
        if ctx.source.exists(path) and ctx.source.inside(path):
            yield record, index, path


@rule(
    "evidence-path-invalid",
    E,
    fails="`path: ../AC-02/export.csv` or `path: /etc/passwd`",
    passes="`path: users-2026Q1.csv` (a file beside record.yaml)",
)
def evidence_path_invalid(ctx: RuleContext) -> Iterator[Hit]:
    """Evidence paths are relative to the record's folder and stay inside it."""
    for record in ctx.repo.records:
        for index, item in enumerate(record.model.files):
            if not safe_relative(item.path):
                yield hit(
                    record,
                    ("files", index, "path"),
                    f"path '{item.path}' leaves the record folder; "
                    "use a path relative to it, with no '..' and no leading '/'",
                )


@rule(
    "evidence-file-missing",
    E,
    fails="`path: signoff.pdf` with no signoff.pdf beside record.yaml",
    passes="signoff.pdf committed beside record.yaml",
)
def evidence_file_missing(ctx: RuleContext) -> Iterator[Hit]:
    """Every file a record lists exists."""
    for record, index, path in _files(ctx):
        if not ctx.source.exists(path) and not ctx.source.is_symlink(path):
            yield hit(record, ("files", index, "path"), f"evidence file '{path}' does not exist")


@rule(
    "evidence-symlink",
    E,
    fails="signoff.pdf is a symlink (to /home/bob/signoff.pdf or to a file in the repository), "
    "sits in a symlinked folder, or in a submodule",
    passes="signoff.pdf is a regular file in the record folder",
)
def evidence_symlink(ctx: RuleContext) -> Iterator[Hit]:
    """Evidence files are regular files of this repository: no symlink, no submodule."""
    for record, index, path in _files(ctx):
        exists = ctx.source.exists(path)
        dangling = not exists and ctx.source.is_symlink(path)
        if dangling or (exists and not ctx.source.inside(path)):
            why = "is reached through a symlink that leaves the repository"
        elif exists and _linked(ctx, path):
            why = "is a symlink or sits in a symlinked folder, which git does not hold as a file"
        elif exists and _in_submodule(ctx, path):
            why = "sits in a submodule, whose files are not files of this repository"
        else:
            continue
        yield hit(
            record,
            ("files", index, "path"),
            f"evidence file '{path}' {why}; commit the file itself",
        )


def _linked(ctx: RuleContext, path: str) -> bool:
    """Whether the path or a folder on the way to it is a symlink (inside or not)."""
    parts = path.split("/")
    for end in range(len(parts), 0, -1):
        try:
            if ctx.source.is_symlink("/".join(parts[:end])):
                return True
        except (KeyError, OSError):
            continue  # a git tree lists files only: a folder that is no blob is no link
    return False


def _in_submodule(ctx: RuleContext, path: str) -> bool:
    """Whether a folder on the way to the path (in the work tree) holds its own ``.git``."""
    root = getattr(ctx.source, "root", None)
    if not isinstance(root, Path):
        return False  # a git tree holds a submodule as a commit, never its files
    seen: dict[str, bool] = ctx.extras.setdefault("evidence.repository_folders", {})
    parts = path.split("/")[:-1]
    for end in range(1, len(parts) + 1):
        folder = "/".join(parts[:end])
        if folder not in seen:  # records share their folders: ask the disk once per folder
            seen[folder] = (root.joinpath(*parts[:end]) / ".git").exists()
        if seen[folder]:
            return True
    return False


@rule(
    "evidence-hash-mismatch",
    E,
    fails="`sha256: 9f86d0…` while the file's sha256 is 60303a… (the file was changed)",
    passes="the sha256 `soc2flow evidence add` recorded, file unchanged",
)
def evidence_hash_mismatch(ctx: RuleContext) -> Iterator[Hit]:
    """Each evidence file still has the sha256 its record states (else: tampering)."""
    for record, index, path in _present(ctx):
        expected = record.model.files[index].sha256
        content = ctx.source.read(path)
        actual = hashlib.sha256(content).hexdigest()
        if actual != expected and not _line_endings_only(ctx, path, content, expected):
            yield hit(
                record,
                ("files", index, "sha256"),
                f"evidence file '{path}' no longer matches its recorded sha256 "
                f"(recorded {expected[:12]}…, now {actual[:12]}…): it was changed after it was recorded",
            )


def _line_endings_only(ctx: RuleContext, path: str, content: bytes, expected: str) -> bool:
    """git says the file is unchanged and the work-tree bytes differ from the committed blob
    only by end-of-line conversion (core.autocrlf, .gitattributes): the blob is checked."""
    root = getattr(ctx.source, "root", None)
    if not isinstance(root, Path) or ctx.committed_blob is None:
        return False
    blob = ctx.committed_blob(root, path)
    if blob is None or hashlib.sha256(blob).hexdigest() != expected:
        return False
    return blob.replace(b"\r\n", b"\n") == content.replace(b"\r\n", b"\n")


@rule(
    "evidence-file-duplicate",
    E,
    fails="two `files:` entries with `path: export.csv`",
    passes="each file listed once",
)
def evidence_file_duplicate(ctx: RuleContext) -> Iterator[Hit]:
    """A record lists each file once."""
    for record in ctx.repo.records:
        seen: set[str] = set()
        for index, item in enumerate(record.model.files):
            if item.path in seen:
                yield hit(record, ("files", index, "path"), f"'{item.path}' is listed twice")
            seen.add(item.path)


def _folder_files(ctx: RuleContext) -> dict[str, list[str]]:
    """Files by the record folder that holds them (subfolders included), computed once."""
    if "folder_files" not in ctx.extras:
        found: dict[str, list[str]] = {r.folder: [] for r in ctx.repo.records}
        for path in ctx.repo.files:
            if not path.startswith("evidence/") or posixpath.basename(path) == "record.yaml":
                continue
            folder = _record_folder(path, found)
            linked_folder = ctx.source.is_symlink(path) and not ctx.source.exists(path)
            if folder is not None and not linked_folder:
                found[folder].append(path)
        ctx.extras["folder_files"] = found
    result: dict[str, list[str]] = ctx.extras["folder_files"]
    return result


def _record_folder(path: str, folders: dict[str, list[str]]) -> str | None:
    folder = posixpath.dirname(path)
    while folder not in ("evidence", ""):
        if folder in folders:
            return folder
        folder = posixpath.dirname(folder)
    return None


@rule(
    "evidence-file-unlisted",
    W,
    fails="extra.csv beside record.yaml, not in its `files:`",
    passes="every file in the folder listed in `files:` with its sha256",
)
def evidence_file_unlisted(ctx: RuleContext) -> Iterator[Hit]:
    """Every file in a record's folder is listed (and so hashed) in its record."""
    folders = _folder_files(ctx)
    for record in ctx.repo.records:
        listed = {posixpath.join(record.folder, f.path) for f in record.model.files}
        for path in folders.get(record.folder, []):
            if path not in listed:
                line, column = record.at("files")
                yield Hit(
                    record.path, line, column, f"'{path}' is in the record folder but not listed"
                )


def _covered(entry: Entry[Any]) -> set[str]:
    return {f.evidence for f in entry.model.files}


@rule(
    "evidence-incomplete",
    W,
    fails="a record of AC-01 with only `review-export` when AC-01 also requires `sign-off`",
    passes="a record attaching every evidence id its control lists",
)
def evidence_incomplete(ctx: RuleContext) -> Iterator[Hit]:
    """A passed or partial record attaches every evidence id its control requires."""
    for record in ctx.repo.records:
        control = ctx.repo.controls.get(record.model.control)
        if control is None or record.model.result == "fail":
            continue
        missing = [e.id for e in control.model.evidence if e.id not in _covered(record)]
        if missing:
            line, column = record.at("files")
            yield Hit(
                record.path,
                line,
                column,
                f"no file for required evidence {', '.join(missing)} of {control.model.id}",
            )
