"""The Jinja2 environments the binder is rendered in.

When the repository's ``templates/`` overrides a built-in template, rendering runs in
Jinja2's sandbox, so the override can shape the document but cannot reach Python (the
built-in templates, which ship with soc2flow, run without the sandbox's per-attribute
checks). Both autoescape: HTML with HTML escaping, Markdown with inline-Markdown
escaping applied to every ``{{ value }}`` before it is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import (
    ChoiceLoader,
    DictLoader,
    Environment,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
)
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from soc2flow.render.text import escape_md, markdown_block, markdown_to_html

TEMPLATE_NAMES = ("binder.html", "binder.css", "binder.md")


def _loader(overrides: Mapping[str, str]) -> ChoiceLoader:
    builtin = PackageLoader("soc2flow.render", "templates")
    return ChoiceLoader([DictLoader(dict(overrides)), PrefixLoader({"builtin": builtin}), builtin])


def _kind(overrides: Mapping[str, str]) -> type[Environment]:
    return SandboxedEnvironment if overrides else Environment


def html_environment(overrides: Mapping[str, str]) -> Environment:
    env = _kind(overrides)(
        loader=_loader(overrides),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = lambda text: Markup(markdown_to_html(str(text)))
    env.filters["diff_lines"] = diff_lines
    env.filters["css_string"] = css_string
    env.filters["plural"] = plural
    return env


def markdown_environment(overrides: Mapping[str, str]) -> Environment:
    env = _kind(overrides)(
        loader=_loader(overrides),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        finalize=_md_value,
    )
    env.filters["join"] = _md_join
    env.filters["block"] = lambda text, demote=0: Markup(markdown_block(str(text), demote))
    env.filters["code"] = fenced
    env.filters["approval"] = _md_approval
    env.filters["plural"] = plural
    return env


def plural(count: int, one: str, many: str) -> str:
    """``1 policy``, ``3 policies``."""
    return f"{count} {one if count == 1 else many}"


def _md_value(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    return Markup(escape_md("" if value is None else value))


def _md_join(values: Iterable[Any], separator: str = "") -> Markup:
    return Markup(separator.join(str(_md_value(v)) for v in values))


def _md_approval(approval: Any) -> Markup:
    note = f"; {approval.note}" if getattr(approval, "note", "") else ""
    return Markup(escape_md(f"{approval.who} ({approval.provenance}{note})"))


def fenced(text: str, info: str = "") -> Markup:
    """``text`` as a fenced code block whose fence no line of the text can close."""
    longest = max((len(run) for run in _backtick_runs(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markup(f"{fence}{info}\n{text}\n{fence}")


def _backtick_runs(text: str) -> list[str]:
    return re.findall(r"`+", text)


def diff_lines(text: str) -> list[tuple[str, str]]:
    """A unified diff as (kind, line) pairs: ``add``, ``del``, ``hunk`` or ``ctx``."""
    kinds = []
    for line in text.splitlines():
        if line.startswith(("+++", "---")):
            kind = "hunk"
        elif line.startswith("+"):
            kind = "add"
        elif line.startswith("-"):
            kind = "del"
        elif line.startswith("@@"):
            kind = "hunk"
        else:
            kind = "ctx"
        kinds.append((kind, line))
    return kinds


def css_string(value: object) -> Markup:
    """A value as a quoted CSS string with everything but ASCII letters and digits escaped."""
    out = [ch if ch.isascii() and ch.isalnum() else f"\\{ord(ch):06x}" for ch in str(value)]
    return Markup('"' + "".join(out) + '"')
