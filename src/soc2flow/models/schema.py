"""JSON Schemas of every file kind, generated from the models (for editors and tools)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from soc2flow.models.config import Config
from soc2flow.models.items import Control, ExceptionItem, Policy, Record
from soc2flow.models.registers import Risk, Vendor

BASE_URI = "https://soc2flow.dev/schema"

MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "config": (Config, "soc2flow.yaml: organisation, people, teams, profiles, audit period"),
    "policy": (Policy, "The YAML front matter of a policy (policies/<slug>.md)"),
    "control": (Control, "A control (controls/<ID>.yaml)"),
    "record": (Record, "An execution record (evidence/<CONTROL>/<DATE>[-slug]/record.yaml)"),
    "exception": (ExceptionItem, "An exception (exceptions/<ID>.yaml)"),
    "vendor": (Vendor, "A vendor of the vendor register (vendors/<ID>.yaml)"),
    "risk": (Risk, "A risk of the risk register (risks/<ID>.yaml)"),
}


def schema_of(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one file kind."""
    model, description = MODELS[kind]
    body = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE_URI}/{kind}.schema.json",
        **body,
        "title": f"soc2flow {kind}",
        "description": description,
    }


def schemas(kinds: list[str]) -> dict[str, dict[str, Any]]:
    return {kind: schema_of(kind) for kind in kinds}
