"""Plain scalars get the tag YAML's own loader would give them, however often they recur."""

from __future__ import annotations

from collections.abc import Callable

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from soc2flow.loading.yamlfile import implicit_tag, parse

SCALARS = ["yes", "Off", "null", "~", "", "12", "0x1F", "1_000", "1.5e+3", ".inf", "-.NaN"]
SCALARS += ["2026-03-01", "2026-03-01 10:00:00", "1:20", "<<", "=", "alice", "2026-Q1", "+1"]


def loader_tag(value: str) -> str:
    loader = yaml.CSafeLoader("")
    resolve: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = loader.resolve
    try:
        tag = resolve(yaml.ScalarNode, value, (True, False))
    finally:
        loader.dispose()
    return tag


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SCALARS) | st.text(alphabet="0123456789-+.:eExXnNoOyYtT_ ", max_size=12))
def test_implicit_tag_is_the_loaders(value: str) -> None:
    assert implicit_tag(value) == loader_tag(value)
    assert implicit_tag(value) == loader_tag(value)  # and again, from the cache


def test_recurring_scalars_keep_their_types() -> None:
    text = "a: 2026-03-01\nb: 12\nc: yes\nd: [2026-03-01, 12, yes]\n"
    for _ in range(2):
        data, _positions = parse(text)
        assert data == {"a": "2026-03-01", "b": 12, "c": True, "d": ["2026-03-01", 12, True]}
