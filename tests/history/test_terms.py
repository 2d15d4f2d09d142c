"""The plain-lines reading of an item's terms agrees with YAML wherever it answers."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from soc2flow.domain.terms import Terms, parse_terms, plain_mapping, terms_text

TRICKY = ["yes", "No", "on", "OFF", "null", "NULL", "~", "012", "0x1F", "1_000", "1.5", ".inf"]
TRICKY += ["2026-03-01", "1:20", "alice", "alice.ito2", "team-ops", "x_", "a.b-c", "", "a b"]
words = st.sampled_from(TRICKY) | st.text(alphabet="aZ09_.-:#", min_size=1, max_size=6)
values = words | st.lists(words, max_size=3).map(lambda ws: "[" + ", ".join(ws) + "]")
keys = st.sampled_from(["owner", "approvers", "criticality", "risk", "escalation"])
lines = st.tuples(keys, st.sampled_from([": ", ":", " : "]), values).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(lines, min_size=1, max_size=4))
def test_plain_lines_read_as_yaml_reads_them(text_lines: list[str]) -> None:
    text = "\n".join(text_lines)
    plain = plain_mapping(text)
    if plain is not None:
        assert plain == yaml.load(text, Loader=yaml.CSafeLoader)


def test_usual_terms_are_read_without_yaml() -> None:
    text = "owner: alice.ito2\napprovers: [bob, team-ops]\ncriticality: high\nescalation: []"
    assert plain_mapping(text) == {
        "owner": "alice.ito2",
        "approvers": ["bob", "team-ops"],
        "criticality": "high",
        "escalation": [],
    }


def test_anything_else_is_left_to_yaml() -> None:
    for text in (
        "owner: yes",
        "owner: 'alice'",
        "approvers:\n  - bob",
        "owner: a # x",
        "owner: 12",
    ):
        assert plain_mapping(text) is None


def test_terms_from_yaml_when_the_lines_are_not_plain() -> None:
    like = Terms("alice", (), "medium", (), control=True)
    data = b"id: C-1\nowner: 'carol'\napprovers:\n  - dave\ncriticality: high\n"
    assert parse_terms(terms_text(data), like) == Terms(
        "carol", ("dave",), "high", (), control=True
    )
