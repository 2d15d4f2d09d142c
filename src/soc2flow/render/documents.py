"""Pure renderers of the binder view model: HTML, Markdown and PDF."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from jinja2 import Environment, TemplateError

from soc2flow.errors import BadInput, CannotRun
from soc2flow.render.environment import html_environment, markdown_environment
from soc2flow.render.model import LEGEND, STATUS_LABELS, Binder


class PdfUnavailable(CannotRun):
    pass


def _context(binder: Binder) -> dict[str, Any]:
    context = {f.name: getattr(binder, f.name) for f in dataclasses.fields(binder)}
    context["labels"] = STATUS_LABELS
    context["legend"] = LEGEND
    return context


def _stream(env: Environment, name: str, binder: Binder) -> Iterator[str]:
    try:
        yield from env.get_template(name).generate(_context(binder))
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f" (line {line})" if line else ""
        raise BadInput(
            f"the binder template {name} cannot be rendered{where}: {exc.message}; "
            "fix or remove the override in templates/"
        ) from None


@lru_cache(maxsize=4)
def _html_env(overrides: tuple[tuple[str, str], ...]) -> Environment:
    return html_environment(dict(overrides))


@lru_cache(maxsize=4)
def _md_env(overrides: tuple[tuple[str, str], ...]) -> Environment:
    return markdown_environment(dict(overrides))


def stream_html(binder: Binder) -> Iterator[str]:
    """The HTML binder in pieces, so that it can be written without holding all of it."""
    return _stream(_html_env(binder.overrides), "binder.html", binder)


def stream_markdown(binder: Binder) -> Iterator[str]:
    """The Markdown binder in pieces: trailing spaces and blank lines at either end dropped."""
    return tidy_lines(_stream(_md_env(binder.overrides), "binder.md", binder))


def render_html(binder: Binder) -> str:
    """The binder as one self-contained HTML document (inline CSS, no external resources)."""
    return "".join(stream_html(binder))


def render_markdown(binder: Binder) -> str:
    """The binder as Markdown, every value escaped as inline text."""
    return "".join(stream_markdown(binder))


def tidy_lines(chunks: Iterable[str]) -> Iterator[str]:
    """Lines without trailing whitespace, no blank lines at the start or the end, one final
    newline: ``"\\n".join(l.rstrip() for l in text.splitlines()).strip("\\n") + "\\n"``."""
    state = {"blanks": 0, "started": False}

    def emit(line: str) -> Iterator[str]:
        text = line.rstrip()
        if not text:
            state["blanks"] += 1
            return
        yield ("\n" * (state["blanks"] + 1) if state["started"] else "") + text
        state["started"], state["blanks"] = True, 0

    buffer = ""
    for piece in chunks:
        chunk = str(piece)  # a Markup piece would escape the text it is joined to
        if chunk.isprintable():  # no line break of any kind: nothing to split yet
            buffer += chunk
            continue
        lines = (buffer + chunk).splitlines(keepends=True)
        buffer = lines.pop() if lines and _partial(lines[-1]) else ""
        for line in lines:
            yield from emit(line)
    for line in buffer.splitlines():
        yield from emit(line)
    yield "\n"


def _partial(line: str) -> bool:
    # No line break at its end yet, or a "\r" whose "\n" may come in the next piece.
    return line.endswith("\r") or line.splitlines() == [line]


def require_weasyprint() -> Any:
    """The weasyprint module, or PdfUnavailable saying how to install it."""
    try:
        import weasyprint
    except ImportError:
        raise PdfUnavailable(
            "PDF output needs weasyprint; install it with: pip install 'soc2flow[pdf]'"
        ) from None
    return weasyprint


def render_pdf(html: str, *, epoch: int = 0) -> bytes:
    """The HTML binder printed to PDF with weasyprint (the optional ``soc2flow[pdf]`` extra).

    ``epoch`` (seconds, e.g. the source commit's date) is the only time written into it.
    """
    weasyprint = require_weasyprint()
    document = weasyprint.HTML(string=html, url_fetcher=_refuse_fetch, base_url=None)
    with _source_date_epoch(epoch):
        pdf: bytes = document.write_pdf()
    return pdf


@contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    # fontTools stamps the clock into each embedded font subset unless SOURCE_DATE_EPOCH
    # (the reproducible-builds convention) is set; it is set only while the PDF is written.
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"the binder loads no external resource ({url[:60]})")
