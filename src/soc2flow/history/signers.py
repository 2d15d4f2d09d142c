"""The SSH allowed-signers file that git verifies approvals against.

It is read from the commit being examined (``approvals.allowed_signers`` in that
commit's soc2flow.yaml), never from the work tree: an uncommitted edit cannot make
a signature count.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from soc2flow.history.tree import CatFile


def configured_path(config_text: bytes) -> str | None:
    """``approvals.allowed_signers`` from soc2flow.yaml text, or None."""
    try:
        data = yaml.load(config_text, Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, ValueError):
        return None
    approvals = data.get("approvals") if isinstance(data, dict) else None
    value = approvals.get("allowed_signers") if isinstance(approvals, dict) else None
    return value.strip().removeprefix("./") if isinstance(value, str) and value.strip() else None


def allowed_signers_path(reader: CatFile, commit: str, folder: Path) -> Path | None:
    """Write the commit's allowed-signers file into ``folder``; None when there is none."""
    config = reader.read(f"{commit}:soc2flow.yaml")
    name = configured_path(config) if config is not None else None
    if name is None or "\n" in name:
        return None
    content = reader.read(f"{commit}:{name}")
    if content is None:
        return None
    target = folder / "allowed_signers"
    target.write_bytes(content)
    return target
