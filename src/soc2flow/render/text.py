"""Untrusted text made safe for the binder: policy Markdown, plain fields, diffs.

Everything a policy, control, exception or record says is data written by
someone with commit access. It is rendered so that it can never become live
markup: raw HTML is escaped, only http(s), mailto and in-document links
survive, images become their alt text (the binder loads nothing external).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markupsafe import escape

_SAFE_SCHEME = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LEADING = re.compile(r"^([#+=-])(?=[\s#]|$)")
_MD_NUMBERED = re.compile(r"^(\d+)([.)])(?=\s|$)")


def safe_link(url: str) -> bool:
    """Only web, mail and in-document links: ``javascript:``, ``data:``, ``vbscript:``, every
    other scheme and relative links (which lead nowhere in a one-file binder) stay plain text."""
    cleaned = "".join(ch for ch in url if ch > " ")
    return bool(_SAFE_SCHEME.match(cleaned))


def _image_as_text(
    renderer: RendererHTML, tokens: Sequence[Any], idx: int, options: Any, env: Any
) -> str:
    token = tokens[idx]
    alt = renderer.renderInlineAsText(token.children or [], options, env)
    return f'<span class="image-alt">[image: {escape(alt)}]</span>'


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = safe_link  # type: ignore[method-assign]
    md.add_render_rule("image", _image_as_text)
    return md


def markdown_to_html(text: str) -> str:
    """Policy Markdown as HTML with raw HTML escaped and unsafe links left as plain text."""
    html: str = _parser().render(text)
    return html


def _is_plain_markdown(text: str) -> bool:
    """True when ``text`` has no raw HTML and no link a strict viewer would refuse."""
    md = MarkdownIt("commonmark", {"html": True})
    md.enable("table")
    refused: list[str] = []

    def check(url: str) -> bool:
        if not safe_link(url):
            refused.append(url)
        return True

    md.validateLink = check  # type: ignore[method-assign]
    for token in md.parse(text):
        if token.type == "html_block" or any(
            child.type in ("html_inline", "image") for child in token.children or []
        ):
            return False
    return not refused


def markdown_block(text: str, demote: int = 0) -> str:
    """Policy Markdown for the Markdown binder: as written when it is plain Markdown (its
    headings ``demote`` levels deeper), else fenced as literal text so that no viewer can
    run raw HTML or an unsafe link in it."""
    body = text.strip("\n")
    if _is_plain_markdown(body):
        return demote_headings(body, demote) if demote else body
    longest = max((len(m) for m in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return (
        "*Shown as literal text: the policy contains raw HTML, an image or a link "
        "soc2flow does not render.*\n\n"
        f"{fence}text\n{body}\n{fence}"
    )


def demote_headings(text: str, by: int) -> str:
    """Every heading ``by`` levels deeper (ATX form); past level 6 a bold line instead."""
    md = MarkdownIt("commonmark")
    md.enable("table")
    tokens = md.parse(text)
    lines = text.split("\n")
    for index in reversed(range(len(tokens))):
        token = tokens[index]
        if token.type != "heading_open" or token.map is None:
            continue
        start, end = token.map
        content = tokens[index + 1].content
        level = int(token.tag[1:]) + by
        new = [f"{'#' * level} {content}"] if level <= 6 else [f"**{content}**", ""]
        lines[start:end] = new
    return "\n".join(lines)


def escape_md(value: object) -> str:
    """A plain value as inline Markdown text: no emphasis, links, HTML or table breaks."""
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))
    return _MD_NUMBERED.sub(r"\1\\\2", _MD_LEADING.sub(r"\\\1", text))


def text_diff(old: str, new: str, old_label: str, new_label: str) -> str:
    """A unified diff of two texts; empty when they are equal."""
    lines = difflib.unified_diff(
        old.splitlines(),
        new.splitlines(),
        fromfile=old_label,
        tofile=new_label,
        lineterm="",
        n=2,
    )
    return "\n".join(lines)
