"""Whatever bytes or YAML a file holds, the loader answers with data or findings, never a traceback."""

from __future__ import annotations

import string
from datetime import date
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soc2flow.diagnostics import Diagnostic
from soc2flow.loading import load_repository
from soc2flow.loading.documents import Document, read_document
from soc2flow.rules import RuleContext, run_rules

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class MemorySource:
    """A FileSource over a dict of path -> bytes."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files

    def paths(self) -> list[str]:
        return sorted(self.files)

    def size(self, path: str) -> int:
        return len(self.files[path])

    def read(self, path: str) -> bytes:
        return self.files[path]

    def is_symlink(self, path: str) -> bool:
        return False

    def exists(self, path: str) -> bool:
        return path in self.files

    def inside(self, path: str) -> bool:
        return True


KINDS = ("soc2flow.yaml", "policies/p.md", "controls/C-1.yaml", "exceptions/E-1.yaml",
         "evidence/C-1/2026-01-01/record.yaml")  # fmt: skip

KEYS = st.sampled_from(
    ["id", "title", "owner", "cadence", "people", "teams", "files", "every", "rrule", "covers",
     "control", "performed", "expires", "opened", "x-note", "criteria", "mappings", "evidence"]
) | st.text(string.ascii_letters + "-_", min_size=1, max_size=8)  # fmt: skip

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=20)
    | st.sampled_from(["2026-02-30", "2026-03-31", "quarterly", "P90D", "FREQ=MONTHLY", "AC-01"])
)
DATA: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=20,
)


def _check(outcome: Document | Diagnostic) -> None:
    assert isinstance(outcome, Document | Diagnostic)
    if isinstance(outcome, Diagnostic):
        assert outcome.line >= 1 and outcome.column >= 1 and outcome.rule


@SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes(raw: bytes) -> None:
    _check(read_document("controls/C-1.yaml", raw))
    _check(read_document("policies/p.md", b"---\n" + raw, markdown=True))


@SETTINGS
@given(st.text(max_size=200))
def test_arbitrary_text(text: str) -> None:
    _check(read_document("controls/C-1.yaml", text.encode("utf-8", "surrogatepass")))


@SETTINGS
@given(DATA, st.sampled_from(KINDS))
def test_arbitrary_yaml_through_the_models(data: Any, path: str) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    raw = (f"---\n{text}---\n# body\n" if path.endswith(".md") else text).encode("utf-8")
    source = MemorySource({path: raw})
    loaded = load_repository(source)
    found, _ = run_rules(RuleContext(loaded.repo, source, date(2026, 4, 1)))
    for finding in [*loaded.diagnostics, *found]:
        assert finding.line >= 1 and finding.column >= 1
