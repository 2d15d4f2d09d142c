"""``soc2flow codeowners``: write or check .github/CODEOWNERS (see soc2flow.rules.codeowners)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from soc2flow.errors import BadInput
from soc2flow.rules.codeowners import PATH, block, merged
from soc2flow.workflow.paths import ensure_inside


@dataclass
class Outcome:
    """What ``soc2flow codeowners`` found or did."""

    path: str
    in_step: bool
    text: str
    unresolved: list[str]
    broken_files: int


def update(root: Path, *, check: bool, today: date | None = None) -> Outcome:
    """Compute the file as of ``today`` (a person who has left by then is left out); write
    it atomically unless ``check`` (then only compare)."""
    from soc2flow.fileio import write_atomic
    from soc2flow.loading import WorkTree, load_repository

    loaded = load_repository(WorkTree(root))
    if loaded.repo.config is None:
        raise BadInput("soc2flow.yaml is missing or invalid; run soc2flow validate and fix it")
    target = root / PATH
    if target.is_symlink():
        raise BadInput(f"{PATH} is a symlink; replace it with a regular file")
    try:
        existing = target.read_text(encoding="utf-8") if target.exists() else None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"cannot read {PATH} ({exc}); fix or remove it") from None
    result = block(loaded.repo, today)
    text = merged(existing, result.text)
    in_step = existing == text
    if not check and not in_step:
        ensure_inside(root, target)
        write_atomic(target, text)
    broken = len({d.path for d in loaded.diagnostics if d.severity == "error"})
    return Outcome(PATH, in_step, text, result.unresolved, broken)
