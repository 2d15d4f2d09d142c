"""Editor wiring for a compliance repository: the JSON Schemas of ``soc2flow schema``
written into ``.schemas/``, and the VS Code (yaml-language-server) settings that
attach them to the files they describe (see docs/schema.md)."""

from __future__ import annotations

import json

from soc2flow.models.schema import MODELS, schema_of

SCHEMA_DIR = ".schemas"

_GLOBS: dict[str, list[str]] = {
    "config": ["soc2flow.yaml"],
    "control": ["controls/*.yaml", "controls/*.yml"],
    "exception": ["exceptions/*.yaml", "exceptions/*.yml"],
    "record": ["evidence/**/record.yaml"],
    "vendor": ["vendors/*.yaml", "vendors/*.yml"],
    "risk": ["risks/*.yaml", "risks/*.yml"],
}


def schemas() -> dict[str, str]:
    """Repo-relative path -> JSON Schema text, one per file kind (policy front matter too)."""
    return {
        f"{SCHEMA_DIR}/{kind}.schema.json": json.dumps(schema_of(kind), indent=2) + "\n"
        for kind in MODELS
    }


def vscode_settings() -> str:
    """``.vscode/settings.json`` mapping each schema to the files it describes."""
    mapping = {f"{SCHEMA_DIR}/{kind}.schema.json": globs for kind, globs in _GLOBS.items()}
    return json.dumps({"yaml.schemas": mapping}, indent=2) + "\n"
