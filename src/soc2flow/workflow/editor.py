"""Editor wiring for a compliance repository: JSON Schemas from the models, and the
VS Code (yaml-language-server) settings that attach them to the right files."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from soc2flow.models import Config, Control, ExceptionItem, Policy, Record

SCHEMA_DIR = ".soc2flow/schemas"

_KINDS: dict[str, tuple[type[BaseModel], list[str]]] = {
    "config": (Config, ["soc2flow.yaml"]),
    "policy": (Policy, []),  # front matter of policies/*.md: for tools, not for editors
    "control": (Control, ["controls/*.yaml", "controls/*.yml"]),
    "exception": (ExceptionItem, ["exceptions/*.yaml", "exceptions/*.yml"]),
    "record": (Record, ["evidence/**/record.yaml"]),
}


def _allow_extension_keys(node: Any) -> None:
    """Unknown keys are errors, except ``x-`` keys: say so in every closed object."""
    if isinstance(node, dict):
        if node.get("additionalProperties") is False:
            node.setdefault("patternProperties", {"^x-": {}})
        for value in node.values():
            _allow_extension_keys(value)
    elif isinstance(node, list):
        for value in node:
            _allow_extension_keys(value)


def schemas() -> dict[str, str]:
    """Repo-relative path -> JSON Schema text, one per file kind."""
    out: dict[str, str] = {}
    for kind, (model, _) in _KINDS.items():
        schema = model.model_json_schema()
        _allow_extension_keys(schema)
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
        out[f"{SCHEMA_DIR}/{kind}.schema.json"] = json.dumps(schema, indent=2) + "\n"
    return out


def vscode_settings() -> str:
    """``.vscode/settings.json`` mapping each schema to the files it describes."""
    mapping = {
        f"./{SCHEMA_DIR}/{kind}.schema.json": globs for kind, (_, globs) in _KINDS.items() if globs
    }
    return json.dumps({"yaml.schemas": mapping}, indent=2) + "\n"
