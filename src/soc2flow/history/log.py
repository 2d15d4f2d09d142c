"""The one pass: a single ``git log`` process, parsed as a stream into ``ParsedLog``.

``git log --raw -z --diff-merges=first-parent`` prints, for every commit reachable
from the head, a header (our ``--format``) followed by its diff against its first
parent, NUL-separated. Paths never contain NUL, commit headers cannot either, so
splitting on NUL is exact; renames are followed by ``-M``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from soc2flow.domain.changes import Commit, FileChange, ParsedLog
from soc2flow.domain.frozen import filled
from soc2flow.history.git import GitFailed, popen

_FIELDS = ("%H", "%P", "%an", "%ae", "%cI", "%G?", "%GF", "%GS", "%(trailers:only,unfold)", "%s")
FORMAT = "%x1e" + "%x1f".join(_FIELDS)
_ZERO = "0" * 40


def log_command(
    head: str, signers: Path | None, *, exclude: str | None = None, raw: bool = True
) -> list[str]:
    """The arguments of the one ``git log`` run (after ``git``).

    ``exclude`` leaves out what that commit reaches (a window of the history); without
    ``raw`` no diffs are printed (commits only, for readers that need no paths).
    """
    signers_file = str(signers) if signers is not None else os.devnull
    diffs = ["--raw", "--no-abbrev", "-M", "--diff-merges=first-parent"] if raw else []
    return [
        "-c",
        f"gpg.ssh.allowedSignersFile={signers_file}",
        "log",
        "-z",
        *diffs,
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--no-mailmap",
        f"--format={FORMAT}",
        head,
        *([f"^{exclude}"] if exclude else []),
        "--",
    ]


def read_log(
    root: Path,
    head: str,
    signers: Path | None = None,
    *,
    exclude: str | None = None,
    raw: bool = True,
) -> ParsedLog:
    """Run the one ``git log`` over everything reachable from ``head`` and parse it.

    ``exclude`` and ``raw`` as in ``log_command`` (the default reads the whole history).
    soc2flow passes no allowed-signers file: git then checks each SSH signature against
    the key it carries (``U`` with the key's fingerprint), and ``domain.trust`` decides,
    per version, whether the governance state of that time trusted that key.
    """
    digest = hashlib.sha256(signers.read_bytes() if signers else b"").hexdigest()
    with tempfile.TemporaryFile() as errors:
        proc = popen(root, *log_command(head, signers, exclude=exclude, raw=raw), stderr=errors)
        assert proc.stdout is not None
        try:
            commits = tuple(parse(_chunks(proc.stdout.fileno())))
        finally:
            proc.stdout.close()
            code = proc.wait()
        errors.seek(0)
        err = errors.read()
    if code != 0:
        text = err.decode("utf-8", "replace").strip().splitlines()
        raise GitFailed(f"git log failed: {text[-1] if text else code}")
    return ParsedLog(head, digest, commits)


def _chunks(fd: int, size: int = 1 << 20) -> Iterator[bytes]:
    while True:
        chunk = os.read(fd, size)
        if not chunk:
            return
        yield chunk


def _tokens(chunks: Iterable[bytes]) -> Iterator[str]:
    rest = b""
    for chunk in chunks:
        parts = (rest + chunk).split(b"\0")
        rest = parts.pop()
        for part in parts:
            yield part.decode("utf-8", "replace")
    if rest:
        yield rest.decode("utf-8", "replace")


def parse(chunks: Iterable[bytes]) -> Iterator[Commit]:
    """Turn the NUL-separated output of ``git log`` into commits, in output order."""
    tokens = _tokens(chunks)
    header: str | None = None
    files: list[FileChange] = []
    for item in tokens:
        token = item.lstrip("\n")
        if token.startswith("\x1e"):
            if header is not None:
                yield _commit(header, files)
            header, files = token[1:], []
            continue
        if not token.startswith(":") or header is None:
            continue
        meta = token.split(" ")
        if len(meta) < 5:
            continue
        status = meta[4][:1]
        first = next(tokens, "")
        if status in ("R", "C"):
            second = next(tokens, "")
            files.append(FileChange(status, second, first, _blob(meta[3])))
        else:
            files.append(FileChange(status, first, None, _blob(meta[3])))
    if header is not None:
        yield _commit(header, files)


def _blob(sha: str) -> str | None:
    return None if sha == _ZERO else sha


def _commit(header: str, files: list[FileChange]) -> Commit:
    fields = header.split("\x1f", len(_FIELDS) - 1)
    fields += [""] * (len(_FIELDS) - len(fields))
    sha, parents, name, email, date, sig, key, signer, trailers, subject = fields
    return filled(  # Commit(...) without its frozen __init__, half of a commit's parse
        Commit,
        id=sha,
        parents=tuple(parents.split()),
        author_name=name,
        author_email=email,
        date=date,
        signature=sig,
        signing_key=key,
        signer=signer,
        subject=subject,
        trailers=_trailers(trailers) if trailers else (),
        files=tuple(files),
    )


def _trailers(text: str) -> tuple[tuple[str, str], ...]:
    found = []
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and value.strip():
            found.append((key.strip(), value.strip()))
    return tuple(found)
