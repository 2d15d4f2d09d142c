"""The few keys the approval rules compare between versions, read cheaply from a blob.

``owner:`` and ``reviewed:`` are read line by line (top-level keys, and ``reviewed:``
nested under ``inherited:`` in a control) without parsing the YAML: a version that
is not valid YAML still has an owner to compare, and thousands of versions stay fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_TOP_KEYS = ("owner", "reviewed", "inherited")
_TOP = re.compile(rf"^({'|'.join(_TOP_KEYS)}):[ \t]*(.*?)[ \t]*(?:#.*)?$")
_NESTED = re.compile(r"^[ \t]+reviewed:[ \t]*(.*?)[ \t]*(?:#.*)?$")


@dataclass(frozen=True)
class Facts:
    owner: str | None = None
    reviewed: date | None = None
    reliance_reviewed: date | None = None


def _scalar(text: str) -> str:
    return text.strip().strip("'\"").strip()


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(_scalar(text))
    except ValueError:
        return None


def facts_of(data: bytes | None) -> Facts:
    """Owner and review dates of one version of an item file (policy front matter or YAML)."""
    if not data:
        return Facts()
    lines = data.decode("utf-8", "replace").splitlines()
    if lines and lines[0].strip() == "---":
        lines = lines[1:]
    found: dict[str, str] = {}
    section = ""
    for line in lines:
        if line.rstrip() in ("---", "..."):
            break
        top = _TOP.match(line) if line.startswith(_TOP_KEYS) else None
        if top:
            section = top.group(1)
            found.setdefault(section, top.group(2))
            continue
        if line[:1] not in (" ", "\t", "-", "") and not line.startswith("#"):
            section = ""
        nested = _NESTED.match(line) if section == "inherited" else None
        if nested:
            found.setdefault("inherited.reviewed", nested.group(1))
    return Facts(
        _scalar(found["owner"]) or None if "owner" in found else None,
        _date(found.get("reviewed", "")),
        _date(found.get("inherited.reviewed", "")),
    )
