"""Hostile bytes in notes, reviews, item files and git output never raise past our types."""

from __future__ import annotations

import contextlib
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from soc2flow.domain.content import facts_of
from soc2flow.domain.terms import Terms, TermsReader
from soc2flow.errors import BadInput
from soc2flow.history.log import parse
from soc2flow.history.notes import parse_note
from soc2flow.history.reviews import parse_reviews

FAST = settings(max_examples=150, deadline=None)
CURRENT = Terms("alice", ("carol",), "medium", (), control=False)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@FAST
@given(st.binary(max_size=400))
def test_notes_never_raise(data: bytes) -> None:
    note = parse_note("c" * 40, data)
    assert all(isinstance(p, str) for p in note.problems)


@FAST
@given(json_values)
def test_note_lines_of_any_json_shape(value: object) -> None:
    parse_note("c" * 40, json.dumps(value).encode())


@FAST
@given(json_values)
def test_reviews_of_any_json_shape_are_read_or_refused(value: object) -> None:
    with contextlib.suppress(BadInput):
        parse_reviews(json.dumps(value).encode(), "reviews.json")


@FAST
@given(st.binary(max_size=400))
def test_item_files_never_raise(data: bytes) -> None:
    facts_of(data)
    TermsReader(CURRENT).read(data)


@FAST
@given(
    st.lists(
        st.sampled_from([b"\x1e", b"\x1f", b"\0", b"\n", b":", b" ", b"R100", b"a", b"M"]),
        max_size=60,
    )
)
def test_log_parser_never_raises(pieces: list[bytes]) -> None:
    list(parse([b"".join(pieces)]))
