"""Making user text safe for the reader of each output format (SPEC §7.6).

Every title, owner or path comes from a file someone committed, so it may carry
terminal escape sequences, spreadsheet formulas, Markdown links or a newline that
starts a new line in a single-line format. Formatters pass user text through these.
"""

from __future__ import annotations

import re
from urllib.parse import quote

# C0 controls except tab and newline, DEL, and C1 controls (ESC, BEL, CSI, OSC, …).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile("[\r\n\u2028\u2029\x85\x0b\x0c]")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
# Markdown that can make a link, an image, a mention or HTML out of plain text.
_MARKDOWN = re.compile(r"([\\`*_\[\]()!<>|#~])")
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")
_COLONS = re.compile(r":(?=:)")


def clean(text: str) -> str:
    """Text without control characters (ESC, BEL, other C0/C1); newline and tab stay."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_line(text: str) -> str:
    """Text for a single-line format: control characters dropped, line breaks become spaces."""
    return _CONTROL.sub("", _LINE_BREAK.sub(" ", text))


def csv_cell(value: object) -> object:
    """A CSV cell: numbers stay numbers; text that a spreadsheet would run as a formula
    (beginning with = + - @ tab or CR) is prefixed with a quote; one line only."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        text = ";".join(str(v) for v in value) if isinstance(value, list) else str(value)
        prefix = "'" if text.startswith(_FORMULA) else ""
        return prefix + clean_line(text)
    return value


def markdown_text(text: str) -> str:
    """User text inside Markdown: no links, images, HTML or @mentions; one line."""
    escaped = _MARKDOWN.sub(r"\\\1", clean_line(text))
    return _MENTION.sub("@\u200b", escaped.replace("&", "&amp;"))


def annotation(text: str) -> str:
    """A GitHub workflow command's message: % CR LF escaped, no control characters,
    and ``::`` split so that no text can look like the start of another command."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _COLONS.sub(": ", _CONTROL.sub("", text))


def annotation_property(text: str) -> str:
    """A property value of a workflow command: also ``:`` and ``,`` escaped."""
    return annotation(text).replace(":", "%3A").replace(",", "%2C")


def uri_path(path: str) -> str:
    """A repository path as a relative URI reference (RFC 3986), for SARIF."""
    return quote(clean_line(path), safe="/-._~")
