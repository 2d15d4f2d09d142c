"""What an item's file says about approving it, in any version of the file.

A change is judged by the terms in force before it (the previous version's approvers,
owner, criticality or risk), and needs at least as many approvals as either version
asks: a change that names new approvers, lowers the criticality or hands the item to
someone else cannot approve itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from soc2flow.models import Control, ExceptionItem, Policy

_KEYS = ("owner", "approvers", "criticality", "risk", "escalation")
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


@dataclass(frozen=True)
class Terms:
    owner: str
    approvers: tuple[str, ...]
    level: str  # criticality (policies, controls) or risk (exceptions)
    escalation: tuple[str, ...]
    control: bool


def terms_of(item: Policy | Control | ExceptionItem) -> Terms:
    """The terms of a loaded item."""
    level = item.risk if isinstance(item, ExceptionItem) else item.criticality
    escalation = tuple(item.escalation) if isinstance(item, Control) else ()
    return Terms(item.owner, tuple(item.approvers), level, escalation, isinstance(item, Control))


def terms_text(data: bytes | None) -> str:
    """The lines of a file that set its terms (the key for reusing parsed terms)."""
    if not data:
        return ""
    kept: list[str] = []
    keep = False
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines()):
        top = _TOP_KEY.match(line)
        if top:
            keep = top.group(1) in _KEYS
        elif line.strip() in ("---", "..."):
            if number:
                break  # the end of a policy's front matter: the body sets no terms
            keep = False
        if keep:
            kept.append(line.rstrip())
    return "\n".join(kept)


def parse_terms(text: str, like: Terms) -> Terms | None:
    """Terms from the lines ``terms_text`` kept; None when they are not plain YAML."""
    try:
        data = yaml.load(text, Loader=yaml.CSafeLoader) if text else {}
    except (yaml.YAMLError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    owner = data.get("owner")
    level = data.get("risk", data.get("criticality", "medium"))
    return Terms(
        owner=owner if isinstance(owner, str) else like.owner,
        approvers=_names(data.get("approvers")),
        level=level
        if isinstance(level, str)
        else ("medium" if not isinstance(level, str) else level),
        escalation=_names(data.get("escalation")),
        control=like.control,
    )


def _names(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, str))
    return ()


class TermsReader:
    """Parses each distinct terms text once; falls back to the current terms."""

    def __init__(self, current: Terms) -> None:
        self.current = current
        self._seen: dict[str, Terms] = {}

    def read(self, data: bytes | None) -> Terms:
        text = terms_text(data)
        found = self._seen.get(text)
        if found is None:
            found = self._seen[text] = parse_terms(text, self.current) or self.current
        return found
