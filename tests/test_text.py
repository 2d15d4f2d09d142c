"""Making user text safe per output format: exact strings."""

from __future__ import annotations

import pytest

from soc2flow.text import (
    annotation,
    annotation_property,
    clean,
    clean_line,
    csv_cell,
    markdown_text,
    uri_path,
)


def test_clean_drops_escape_sequences_and_keeps_newline_and_tab() -> None:
    assert clean("a\x1b]8;;http://x\x07b\x9b31mc\td\ne\r\n") == "a]8;;http://xb31mc\td\ne\n"


def test_clean_line_turns_line_breaks_into_spaces() -> None:
    assert clean_line("one\ntwo\r\nthree\u2028four\x1b") == "one two  three four"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "' x"),
        ("plain", "plain"),
        (-3, -3),
        (None, ""),
        (["a", "=b"], "a;=b"),
    ],
)
def test_csv_cells_are_never_formulas(value: object, cell: object) -> None:
    assert csv_cell(value) == cell


def test_markdown_text_escapes_links_images_html_and_mentions() -> None:
    assert markdown_text("[x](http://e) ![i](u) <b>&amp; @bob\nnext") == (
        "\\[x\\]\\(http://e\\) \\!\\[i\\]\\(u\\) \\<b\\>&amp;amp; @\u200bbob next"
    )


def test_annotations_escape_percent_line_breaks_and_double_colons() -> None:
    assert annotation("50% a::b\r\n::error::x") == "50%25 a: :b%0D%0A: :error: :x"
    assert annotation_property("a,b:c") == "a%2Cb%3Ac"


def test_sarif_uris_are_percent_encoded() -> None:
    assert uri_path("controls/AC 01%#?.yaml") == "controls/AC%2001%25%23%3F.yaml"
