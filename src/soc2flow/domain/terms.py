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

from soc2flow.models import Control, ExceptionItem, Policy, Risk, Vendor
from soc2flow.models.registers import TIER_PROFILES

_KEYS = ("owner", "approvers", "criticality", "risk", "escalation", "tier")
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
_WORD = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"
_PLAIN_KEYS = tuple(k for k in _KEYS if k != "tier")
_PLAIN_LINE = re.compile(rf"({'|'.join(_PLAIN_KEYS)}): ({_WORD}|\[(?:{_WORD}(?:, {_WORD})*)?\])")
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class Terms:
    owner: str
    approvers: tuple[str, ...]
    level: str  # criticality (policies, controls, risks), risk (exceptions), tier (vendors)
    escalation: tuple[str, ...]
    control: bool


def terms_of(item: Policy | Control | ExceptionItem | Vendor | Risk) -> Terms:
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
    data = plain_mapping(text) if text else {}
    if data is None:
        try:
            data = yaml.load(text, Loader=yaml.CSafeLoader)
        except (yaml.YAMLError, ValueError, RecursionError):
            return None
    if not isinstance(data, dict):
        return None
    owner = data.get("owner")
    level = data.get("risk", data.get("criticality", "medium"))
    if "tier" in data:  # a vendor: its tier picks the profile
        tier = data["tier"]
        level = TIER_PROFILES.get(tier, like.level) if isinstance(tier, int) else like.level
    return Terms(
        owner=owner if isinstance(owner, str) else like.owner,
        approvers=_names(data.get("approvers")),
        level=level
        if isinstance(level, str)
        else ("medium" if not isinstance(level, str) else level),
        escalation=_names(data.get("escalation")),
        control=like.control,
    )


def plain_mapping(text: str) -> dict[str, Any] | None:
    """What YAML reads from lines that are all ``key: word`` or ``key: [word, …]``; else None.

    Terms are nearly always such lines, and PyYAML's constructor is the largest cost of
    judging thousands of versions. A word is taken as text only when YAML's own resolver
    says so (not ``yes``, ``null``, a number or a date); anything else goes to YAML.
    """
    data: dict[str, Any] = {}
    for line in text.split("\n"):
        match = _PLAIN_LINE.fullmatch(line)
        if match is None:
            return None
        key, value = match.groups()
        parsed: str | list[str] = value
        words = [value]
        if value.startswith("["):
            parsed = words = value[1:-1].split(", ") if value != "[]" else []
        if not all(_is_text(word) for word in words):
            return None
        data[key] = parsed  # a repeated key: the last one wins, as in YAML
    return data


def _is_text(word: str) -> bool:
    # types-PyYAML leaves Resolver.resolve untyped.
    tag = _RESOLVER.resolve(yaml.ScalarNode, word, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == _STR)


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
