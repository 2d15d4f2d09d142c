"""The due cache: a computed report, kept under ``.git/soc2flow/``, served only when current.

A ``due`` report is a function of the files read, the history of the revision, the
soc2flow notes, the soc2flow version and the as-of date. The cache holds one report and
serves it only when every one of those is provably the same:

- the commit id of ``--rev`` and of the notes ref (``refs/notes/soc2flow``) are part
  of the key, and so are the soc2flow version, the cache format, the compliance
  repository's folder and the as-of date (a run on another day computes afresh);
- at HEAD the files come from the work tree, so the report is cached only when the work
  tree's input files (soc2flow.yaml, policies/, controls/, evidence/, exceptions/) are
  exactly the commit's: ``git status`` shows no change to a tracked input file, no file
  was listed that git does not track, and no folder had changed within two seconds
  before it was listed (a change in the same clock tick could otherwise go unseen);
- a later run serves the report only when ``git status`` again shows no change to a
  tracked input file and each input folder's stamp (mtime, ctime, inode) is unchanged:
  a folder's stamp changes whenever a name in it is added, removed or renamed, so a new
  untracked or ignored file misses the cache.

Otherwise the report is computed and the cache rewritten. The file is JSON with a header
line that carries the key and the sha256 of the body, written atomically after the
command's answer; an unreadable, truncated or edited file is ignored. ``--no-cache``
neither reads nor writes it. An input file marked ``assume-unchanged`` or
``skip-worktree`` in git's index (git status does not look at it) keeps the report from
being cached or served. What it does not see: a change of GPG keyring (as the history
cache; run with ``--no-cache`` after importing or trusting a key).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from soc2flow import __version__
from soc2flow.cachefile import FOLDER, read_checked, write_checked
from soc2flow.diagnostics import Diagnostic
from soc2flow.errors import CannotRun
from soc2flow.fileio import write_later
from soc2flow.history.git import NOTES_REF, git, locate
from soc2flow.loading.documents import read_document
from soc2flow.loading.source import CONFIG, INPUTS, Stamp, stamp
from soc2flow.models import Config
from soc2flow.schedule.items import DueItem, DueReport, Kind, Status
from soc2flow.schedule.result import DueRun

if TYPE_CHECKING:
    from collections.abc import Callable

FORMAT = 2  # 2: vendor and risk registers (new kinds, vendors/ and risks/ inputs)
NAME = "due-cache.json"
RACY_NS = 2_000_000_000
"""A folder changed this recently before it was listed may change again unseen."""


@dataclass(frozen=True)
class State:
    """What a report of ``root`` at ``rev`` depends on besides its files and the date."""

    root: Path
    path: Path
    """The cache file."""
    commit: str
    notes: str
    work_tree: bool
    """Whether the files come from the work tree (``--rev HEAD``)."""

    def key(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": __version__,
            "root": str(self.root.resolve()),
            "commit": self.commit,
            "notes": self.notes,
            "work_tree": self.work_tree,
        }


def present(root: Path) -> bool:
    """Whether the repository at ``root`` has a due cache file (one cheap git call)."""
    out = git(root, "rev-parse", "--absolute-git-dir", check=False).decode().strip()
    return bool(out) and (Path(out) / FOLDER / NAME).is_file()


def probe(root: Path, rev: str) -> State | None:
    """The cache state of ``root`` at ``rev``, or None when no report may be cached.

    None when git cannot answer (the history read reports why) or when a tracked input
    file differs from the commit in the work tree or the index.
    """
    try:
        where = locate(root, rev)
    except CannotRun:
        return None
    work_tree = rev == "HEAD"
    if work_tree and not _clean(root):
        return None
    path = where.git_dir / FOLDER / NAME
    return State(root, path, where.head, _notes(root), work_tree)


def lookup(state: State, as_of_in: Callable[[str | None], date]) -> DueRun | None:
    """The cached run, when the cache holds one for exactly this state and date."""
    found = read_checked(state.path)
    if found is None or found[0].get("key") != state.key():
        return None
    try:
        return _decode(json.loads(found[1]), state, as_of_in)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


@dataclass(frozen=True)
class Inputs:
    """What the run read: the files listed, the folder stamps, soc2flow.yaml's text."""

    files: list[str]
    stamps: dict[str, Stamp]
    config: str | None
    """soc2flow.yaml when it loaded without errors, else None."""
    listed_at: int
    """When listing began (time.time_ns())."""


def store_later(state: State, run: DueRun, inputs: Inputs) -> None:
    """Cache ``run`` once the checks pass, in a thread that the process waits for."""
    write_later(_store, state, run, inputs)


# -- checks --------------------------------------------------------------------------------


def _clean(root: Path) -> bool:
    """Whether no tracked input file differs from HEAD, in the work tree or the index.

    A git status that fails (a corrupt index, say) vouches for nothing: not clean. Nor
    does it vouch for a file marked assume-unchanged or skip-worktree, which it does not
    look at: ``ls-files -v`` tags every other tracked file ``H``, and one input file
    tagged otherwise makes the work tree unclean.
    """
    try:
        out = git(
            root, "--no-optional-locks", "status", "--porcelain=v1", "-z",
            "--untracked-files=no", "--no-renames", "--", *INPUTS,
        )  # fmt: skip
        listed = git(root, "ls-files", "-v", "-z", "--", *INPUTS)
    except CannotRun:
        return False
    hidden = any(entry and not entry.startswith(b"H ") for entry in listed.split(b"\0"))
    return out == b"" and not hidden


def _notes(root: Path) -> str:
    return git(root, "rev-parse", "-q", "--verify", NOTES_REF, check=False).decode().strip()


def _tracked(root: Path) -> set[str]:
    out = git(root, "ls-files", "-z", "--", *INPUTS, check=False)
    return {name.decode("utf-8", "surrogateescape") for name in out.split(b"\0") if name}


def _stamps_hold(root: Path, stamps: dict[str, Stamp]) -> bool:
    base = str(root)
    return all(stamp(os.path.join(base, rel)) == want for rel, want in stamps.items())


def _unchanged(state: State) -> bool:
    """Whether the repository still is in ``state`` (re-checked before writing)."""
    fresh = probe(state.root, "HEAD" if state.work_tree else state.commit)
    return fresh is not None and fresh.commit == state.commit and fresh.notes == state.notes


# -- the file ------------------------------------------------------------------------------


def _store(state: State, run: DueRun, inputs: Inputs) -> None:
    stamps = inputs.stamps if state.work_tree else {}
    if state.work_tree:
        recent = inputs.listed_at - RACY_NS
        if not stamps or any(s is not None and s[0] >= recent for s in stamps.values()):
            return  # a folder changed too recently to trust its stamp
        if not set(inputs.files) <= _tracked(state.root):
            return  # an untracked or ignored input file: git cannot vouch for it
    if not _unchanged(state):
        return
    body = json.dumps(
        {
            "as_of": run.report.as_of.isoformat(),
            "config": inputs.config,
            "skipped": run.skipped,
            "names": run.names,
            "stamps": sorted([rel, *(s or [])] for rel, s in stamps.items()),
            "items": [list(i.as_dict().values()) for i in run.report.items],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    write_checked(state.path, {"key": state.key()}, body)


def _config(text: str) -> Config:
    """soc2flow.yaml's model, read as loading reads it (ValueError when it does not load)."""
    doc = read_document(CONFIG, text.encode("utf-8"), markdown=False)
    if isinstance(doc, Diagnostic):
        raise ValueError(doc.message)
    return Config.model_validate(doc.data)  # pydantic's ValidationError is a ValueError


_KINDS = frozenset(get_args(Kind))
_STATUSES = frozenset(get_args(Status))


def _item(row: list[Any]) -> DueItem:
    id_, kind, title, owner, due, status, days, period, last, escalate, source = row
    if kind not in _KINDS or status not in _STATUSES or not isinstance(days, int):
        raise ValueError("a cached item is malformed")
    texts = (id_, title, owner, source, *escalate)
    if not all(isinstance(t, str) for t in texts) or not isinstance(period, str | None):
        raise TypeError("a cached item field is not text")
    return DueItem(
        id=id_,
        kind=kind,
        title=title,
        owner=owner,
        due=date.fromisoformat(due),
        status=status,
        days=days,
        period=period,
        last=date.fromisoformat(last) if last is not None else None,
        escalate_to=tuple(escalate),
        source=source,
    )


def _decode(
    body: dict[str, Any], state: State, as_of_in: Callable[[str | None], date]
) -> DueRun | None:
    stamps = {row[0]: (tuple(row[1:]) if len(row) > 1 else None) for row in body["stamps"]}
    if state.work_tree and (not stamps or not _stamps_hold(state.root, stamps)):
        return None
    text = body["config"]
    config = None if text is None else _config(text)
    if as_of_in(config.timezone if config else None).isoformat() != body["as_of"]:
        return None
    names = body["names"]
    if not isinstance(names, dict) or not isinstance(body["skipped"], int):
        raise TypeError("a cached field has the wrong type")
    report = DueReport(date.fromisoformat(body["as_of"]), tuple(map(_item, body["items"])))
    return DueRun(report, config, body["skipped"], {str(k): str(v) for k, v in names.items()})
