"""Nothing in a policy, control, exception or record reaches the binder as live markup."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from soc2flow.errors import BadInput
from soc2flow.render import render_html, render_markdown
from soc2flow.render.environment import css_string
from soc2flow.render.text import escape_md, markdown_block, markdown_to_html, safe_link
from tests.render.sample import HOSTILE, sample

CORPUS = [
    HOSTILE,
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "<javascript:alert(1)>",
    "![x](https://tracker.example/pixel.png)",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "{{ 7*7 }} {% for x in range(3) %}{{ x }}{% endfor %} {{ ''.__class__ }}",
    "</style><script>alert(1)</script>",
    "``` \n<script>alert(1)</script>\n```",
]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((k, v or "") for k, v in attrs)


def _live(html: str) -> list[str]:
    parser = _Collector()
    parser.feed(html)
    found = [t for t in parser.tags if t in ("script", "iframe", "object", "embed", "img", "svg")]
    found += [k for k, _ in parser.attrs if k.startswith("on")]
    found += [v for k, v in parser.attrs if k in ("href", "src") and not safe_link(v)]
    found += [v for k, v in parser.attrs if k in ("href", "src") and v.startswith(("http", "//"))]
    return found


@pytest.mark.parametrize("text", CORPUS)
def test_html_has_no_live_markup(text: str) -> None:
    html = render_html(sample(text))
    assert _live(html) == []
    assert html.count("<style>") == 1
    assert "49" not in html.replace("2026-", "")
    assert "7*7" in html or "7\\0000" in html or "{{" not in text


@pytest.mark.parametrize("text", CORPUS)
def test_markdown_has_no_raw_html_or_unsafe_link(text: str) -> None:
    output = render_markdown(sample(text))
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    hrefs: list[str] = []
    for token in md.parse(output):
        assert token.type != "html_block", token.content
        for child in token.children or []:
            assert child.type not in ("html_inline", "image"), child.content
            if child.type == "link_open":
                hrefs.append(str(child.attrs.get("href", "")))
    assert [h for h in hrefs if not h.startswith("#")] == []
    assert "49" not in output.replace("2026-", "")


def test_policy_markdown_keeps_safe_formatting() -> None:
    html = markdown_to_html("# Title\n\n**bold** [site](https://example.com) [mail](mailto:a@b.c)")
    assert "<h1>Title</h1>" in html
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.com">site</a>' in html
    assert '<a href="mailto:a@b.c">mail</a>' in html


def test_unsafe_links_stay_text() -> None:
    html = markdown_to_html("[x](javascript:alert(1)) [y](data:text/html,z)")
    assert "<a" not in html
    assert "[x](javascript:alert(1))" in html


def test_image_becomes_its_alt_text() -> None:
    assert markdown_to_html("![a <b> diagram](https://x.example/a.png)") == (
        '<p><span class="image-alt">[image: a &lt;b&gt; diagram]</span></p>\n'
    )


def test_plain_markdown_is_kept_and_unsafe_markdown_is_fenced() -> None:
    assert markdown_block("# Policy\n\nSee [site](https://example.com).\n") == (
        "# Policy\n\nSee [site](https://example.com)."
    )
    fenced = markdown_block("Run ````x```` <b>now</b>")
    assert fenced.endswith("`````text\nRun ````x```` <b>now</b>\n`````")


def test_escape_md() -> None:
    assert escape_md("# *a* [b](c) <d> | e\nf") == r"\# \*a\* \[b\](c) \<d\> \| e f"
    assert escape_md("1. first") == r"1\. first"


def test_css_string_cannot_close_the_style_element() -> None:
    assert css_string('</style>"') == '"\\00003c\\00002fstyle\\00003e\\000022"'


def test_override_runs_in_the_sandbox() -> None:
    from dataclasses import replace

    evil = replace(sample("x"), overrides=(("binder.html", "{{ cover.__class__.__mro__ }}"),))
    with pytest.raises(BadInput, match=r"binder\.html cannot be rendered"):
        render_html(evil)


def test_override_can_extend_the_builtin_template() -> None:
    from dataclasses import replace

    text = (
        '{% extends "builtin/binder.html" %}{% block extra_css %}h1 { color: teal; }{% endblock %}'
    )
    html = render_html(replace(sample("x"), overrides=(("binder.html", text),)))
    assert "h1 { color: teal; }" in html
    assert "Criteria matrix" in html


def test_override_syntax_error_is_one_sentence() -> None:
    from dataclasses import replace

    broken = replace(sample("x"), overrides=(("binder.md", "{% if %}"),))
    with pytest.raises(BadInput, match=r"binder\.md cannot be rendered \(line 1\)"):
        render_markdown(broken)


@given(st.lists(st.text(alphabet="ab \t\r\n\x0c\u2028<>&", max_size=12), max_size=8))
def test_tidy_lines_streams_what_a_whole_text_gives(pieces: list[str]) -> None:
    from markupsafe import Markup

    from soc2flow.render.documents import tidy_lines

    text = "".join(pieces)
    whole = "\n".join(line.rstrip() for line in text.splitlines()).strip("\n") + "\n"
    assert "".join(tidy_lines(pieces)) == whole
    assert "".join(tidy_lines([Markup(p) if i % 2 else p for i, p in enumerate(pieces)])) == whole
