"""What ``soc2flow changes`` takes from ``--config``, ``--profile`` and ``--period``.

Without ``--config``: the whole history, days in UTC, every provenance counts and
identities are compared by email. With it: the config's audit period and timezone, its
people (to name approvers), its allowed-signers file, and the emergency-change
exceptions in the ``exceptions/`` folder beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from soc2flow.errors import BadInput
from soc2flow.models import Config

ALL_PROVENANCES = frozenset({"signed", "pr-review", "trailer"})
HIGH_DEFAULT = frozenset({"signed", "pr-review"})


@dataclass(frozen=True)
class ChangesInputs:
    config: Config | None = None
    zone: tzinfo = field(default_factory=lambda: ZoneInfo("UTC"))
    period: tuple[date, date] | None = None
    provenance: frozenset[str] = ALL_PROVENANCES
    emergency: tuple[str, ...] = ()  # commits and "<owner>/<repo>#<N>" of emergency changes
    signers: Path | None = None


def parse_period(text: str) -> tuple[date, date]:
    """``START..END`` (both YYYY-MM-DD, both included)."""
    start, sep, end = text.partition("..")
    try:
        first, last = date.fromisoformat(start.strip()), date.fromisoformat(end.strip())
    except ValueError:
        sep = ""
    if not sep:
        raise BadInput(f"--period {text!r} is not START..END; write it as 2026-01-01..2026-03-31")
    if last < first:
        raise BadInput(f"--period {text!r} ends before it starts")
    return first, last


def load_config(path: Path) -> Config:
    """A soc2flow.yaml read and checked; any problem is one sentence (exit 2)."""
    from pydantic import ValidationError

    from soc2flow.diagnostics import Diagnostic
    from soc2flow.loading.documents import read_document

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"--config {path} cannot be read ({exc.strerror or exc})") from None
    doc = read_document(str(path), raw)
    if isinstance(doc, Diagnostic):
        raise BadInput(f"--config {path} is not a valid soc2flow.yaml: {doc.message}")
    try:
        return Config.model_validate(doc.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        raise BadInput(
            f"--config {path} is not a valid soc2flow.yaml ({where}: {first['msg']}); "
            "run `soc2flow validate` in its repository"
        ) from None


def provenance_floor(config: Config | None, profile: str | None) -> frozenset[str]:
    """The provenances that count: the profile's ``provenance``, else SPEC §7.6's defaults."""
    if profile is None:
        return ALL_PROVENANCES
    if config is None:
        raise BadInput("--profile needs --config, whose profiles it names")
    found = config.profiles.get(profile)
    if found is None:
        names = ", ".join(sorted(config.profiles)) or "none"
        raise BadInput(f"--profile {profile!r} is not a profile of the config (it has {names})")
    listed: Any = getattr(found, "provenance", None)
    if isinstance(listed, list | tuple | frozenset | set) and listed:
        return frozenset(str(p) for p in listed)
    return HIGH_DEFAULT if profile == "high" else ALL_PROVENANCES


def emergency_changes(folder: Path) -> tuple[str, ...]:
    """``changes:`` of every emergency-change exception in ``folder`` (unreadable files skipped:
    ``validate`` reports them)."""
    from soc2flow.loading.documents import Document, read_document

    found: list[str] = []
    if not folder.is_dir():
        return ()
    for path in sorted(folder.glob("*.yaml")):
        if path.is_symlink() or not path.is_file():
            continue
        doc = read_document(path.name, path.read_bytes())
        if not isinstance(doc, Document) or doc.data.get("kind") != "emergency-change":
            continue
        listed = doc.data.get("changes")
        if isinstance(listed, list):
            found.extend(str(item) for item in listed if isinstance(item, str | int))
    return tuple(found)


def changes_inputs(
    config_path: Path | None, profile: str | None, period: str | None
) -> ChangesInputs:
    """Everything ``changes`` reads besides the repository itself."""
    config = load_config(config_path) if config_path is not None else None
    chosen = parse_period(period) if period else None
    if chosen is None and config is not None and config.audit is not None:
        chosen = (config.audit.period.start, config.audit.period.end)
    if config is None:
        return ChangesInputs(period=chosen, provenance=provenance_floor(None, profile))
    assert config_path is not None
    folder = config_path.resolve().parent
    signers = None
    if config.approvals.allowed_signers:
        candidate = (folder / config.approvals.allowed_signers).resolve()
        signers = candidate if candidate.is_file() and candidate.is_relative_to(folder) else None
    return ChangesInputs(
        config=config,
        zone=ZoneInfo(config.timezone),
        period=chosen,
        provenance=provenance_floor(config, profile),
        emergency=emergency_changes(folder / "exceptions"),
        signers=signers,
    )
