"""The history cache: the parsed ``git log`` of a revision, kept under ``.git/soc2flow/``.

A cached log is used only when it provably describes the same history:

- the key is the commit id of the revision read (``head``), the digest of the
  allowed-signers file that signatures were verified against, the soc2flow version
  and the cache format. Commit ids name their whole ancestry, so an amended or
  rebased history has a new head and never matches an old entry;
- when the head moved forward (the cached head is an ancestor of the new one and the
  signers file is unchanged), only ``git log <old>..<new>`` is read and put in front
  of the cached commits: every commit reachable from the new head is either new or
  reachable from the old one, and a commit's diff and signature check do not depend
  on which range it was listed in;
- anything else (another branch, a rewritten history, a changed signers file, a
  different soc2flow version, an unreadable, truncated or tampered file) reads the
  whole history again and rewrites the cache.

The file is JSON with a header line that carries the key and the sha256 of the body,
written atomically. Notes are not cached: they are read on every run.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from soc2flow import __version__
from soc2flow.cachefile import FOLDER, read_checked, write_checked
from soc2flow.domain.changes import Commit, FileChange, ParsedLog
from soc2flow.fileio import wait_for_writes, write_later
from soc2flow.history.git import Located, run
from soc2flow.history.log import read_log
from soc2flow.history.tree import CatFile
from soc2flow.loading.repository import gc_paused

FORMAT = 2  # 2: signing_key is the fingerprint (%GF), read without a signers file
NAME = "history-cache.json"


def cache_path(where: Located) -> Path:
    """Where the cache of this repository lives (inside its git directory)."""
    return where.git_dir / FOLDER / NAME


def parsed_log(where: Located, reader: CatFile) -> ParsedLog:
    """The parsed history of ``where.head``: from the cache, extended, or read afresh."""
    wait_for_writes()
    digest = _digest(None)  # signatures are read without a signers file (domain.trust)
    cached = load(cache_path(where))
    if cached is not None and cached.signers_digest == digest:
        if cached.head == where.head:
            return cached
        if _is_ancestor(where.root, cached.head, where.head):
            newer = read_log(where.root, f"{cached.head}..{where.head}")
            parsed = ParsedLog(where.head, digest, newer.commits + cached.commits)
            write_later(store, cache_path(where), parsed)  # off the path
            return parsed
    parsed = read_log(where.root, where.head)
    write_later(store, cache_path(where), parsed)  # off the path
    return parsed


def _digest(signers: Path | None) -> str:
    return hashlib.sha256(signers.read_bytes() if signers else b"").hexdigest()


def _is_ancestor(root: Path, old: str, new: str) -> bool:
    return run(root, "merge-base", "--is-ancestor", old, new).returncode == 0


# -- the file -----------------------------------------------------------------------------


def store(path: Path, parsed: ParsedLog) -> None:
    """Write the cache atomically; a cache that cannot be written is silently skipped."""
    body = json.dumps(
        [_commit_row(c) for c in parsed.commits], ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    header = {
        "format": FORMAT,
        "version": __version__,
        "head": parsed.head,
        "signers": parsed.signers_digest,
    }
    write_checked(path, header, body)


def load(path: Path) -> ParsedLog | None:
    """The cached log, or None when there is none or it is not exactly what was written."""
    found = read_checked(path)
    if found is None:
        return None
    header, body = found
    if header.get("format") != FORMAT or header.get("version") != __version__:
        return None
    try:
        return _decode(header, body)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


def _decode(header: dict[str, Any], body: bytes) -> ParsedLog:
    # Hundreds of thousands of small objects, none in a cycle: the cyclic collector
    # would run over and over while they are made and find nothing (half the time).
    with gc_paused():
        rows = json.loads(body)
        commits = tuple(_commit(row) for row in rows)
    return ParsedLog(str(header["head"]), str(header["signers"]), commits)


def _commit_row(c: Commit) -> list[Any]:
    return [
        c.id,
        c.parents,
        c.author_name,
        c.author_email,
        c.date,
        c.signature,
        c.signing_key,
        c.signer,
        c.subject,
        c.trailers,
        [[f.status, f.path, f.old_path, f.blob] for f in c.files],
    ]


def _commit(row: list[Any]) -> Commit:
    sha, parents, name, email, date, sig, key, signer, subject, trailers, files = row
    strings = (sha, name, email, date, sig, key, signer, subject)
    if not all(isinstance(s, str) for s in strings):
        raise TypeError("a cached commit field is not text")
    return Commit(
        id=sha,
        parents=tuple(_text(p) for p in parents),
        author_name=name,
        author_email=email,
        date=date,
        signature=sig,
        signing_key=key,
        signer=signer,
        subject=subject,
        trailers=tuple((_text(k), _text(v)) for k, v in trailers),
        files=tuple(_file(f) for f in files),
    )


def _file(row: list[Any]) -> FileChange:
    status, path, old_path, blob = row
    return FileChange(
        _text(status),
        _text(path),
        None if old_path is None else _text(old_path),
        None if blob is None else _text(blob),
    )


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("a cached value is not text")
    return value
