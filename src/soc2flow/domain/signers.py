"""The SSH allowed-signers file: which key fingerprints belong to which principals.

soc2flow reads signatures without giving git a signers file (git then checks each
signature against the key it carries and reports that key's fingerprint), and decides
here, from the allowed-signers file of the governance state in force, whether the key
was trusted and for whom. An uncommitted, unapproved or later file never counts.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re

import yaml

_KEY_TYPE = re.compile(r"^(ssh-|ecdsa-|sk-)")
_OPTION = re.compile(r'^[A-Za-z-]+(="[^"]*")?(,[A-Za-z-]+(="[^"]*")?)*$')


def configured_path(config_text: bytes) -> str | None:
    """``approvals.allowed_signers`` from soc2flow.yaml text, or None."""
    try:
        data = yaml.load(config_text, Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, ValueError):
        return None
    approvals = data.get("approvals") if isinstance(data, dict) else None
    value = approvals.get("allowed_signers") if isinstance(approvals, dict) else None
    return value.strip().removeprefix("./") if isinstance(value, str) and value.strip() else None


def fingerprint(blob: str) -> str | None:
    """The ``SHA256:…`` fingerprint git prints for a base64 public key blob."""
    try:
        raw = base64.b64decode(blob, validate=True)
    except (binascii.Error, ValueError):
        return None
    digest = base64.b64encode(hashlib.sha256(raw).digest()).decode().rstrip("=")
    return f"SHA256:{digest}"


def parse_allowed_signers(data: bytes | None) -> dict[str, frozenset[str]]:
    """Key fingerprint -> lower-cased principals, for the lines soc2flow understands.

    A line is ``principals [options] keytype base64 [comment]``. Lines restricted to
    namespaces other than ``git``, certificate authorities and unreadable lines are
    left out (they trust nothing).
    """
    found: dict[str, set[str]] = {}
    text = (data or b"").decode("utf-8", "replace")
    for line in text.splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        at = next((n for n, w in enumerate(words) if n and _KEY_TYPE.match(w)), None)
        if at is None or at + 1 >= len(words):
            continue
        options = ",".join(words[1:at]).lower()
        if "cert-authority" in options or ("namespaces=" in options and "git" not in options):
            continue
        key = fingerprint(words[at + 1])
        if key is None:
            continue
        principals = {p.strip().lower() for p in words[0].split(",") if p.strip()}
        found.setdefault(key, set()).update(principals)
    return {key: frozenset(principals) for key, principals in found.items()}
