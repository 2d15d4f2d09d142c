"""The JSON Schemas editors use accept the valid corpus and reject what the loader rejects."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from soc2flow.loading.documents import Document, read_document
from soc2flow.loading.repository import kind_of
from soc2flow.models.schema import schema_of
from tests.validate.corpus import VALID

FILES = sorted(
    p.relative_to(VALID).as_posix()
    for p in VALID.rglob("*")
    if kind_of(p.relative_to(VALID).as_posix())
)


def _data(path: str) -> dict[str, object]:
    doc = read_document(path, (VALID / path).read_bytes(), markdown=path.endswith(".md"))
    assert isinstance(doc, Document)
    return doc.data


@pytest.mark.parametrize("path", FILES)
def test_valid_files_match_their_schema(path: str) -> None:
    kind = kind_of(path)
    assert kind is not None
    jsonschema.Draft202012Validator(schema_of(kind)).validate(_data(path))


def test_schema_rejects_unknown_keys_but_allows_x_keys() -> None:
    validator = jsonschema.Draft202012Validator(schema_of("control"))
    control = _data("controls/AC-01.yaml")
    validator.validate({**control, "x-ticket": "OPS-1"})
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({**control, "ownr": "bob"})
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({**control, "id": "ac_01"})


def test_schema_files_exist_for_every_kind() -> None:
    assert {kind_of(Path(p).as_posix()) for p in FILES} == {
        "config",
        "policy",
        "control",
        "record",
        "exception",
        "vendor",
        "risk",
    }
