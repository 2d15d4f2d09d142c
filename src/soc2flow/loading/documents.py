"""Turning one file's bytes into data plus positions, or one clear diagnostic."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from soc2flow.diagnostics import Diagnostic, error
from soc2flow.loading.yamlfile import MAX_BYTES, Positions, YamlProblem, parse


@dataclass(frozen=True)
class Document:
    """One parsed file: a mapping, where its keys are, and (for Markdown) the body."""

    path: str
    data: dict[str, Any]
    positions: Positions
    body: str = ""
    body_line: int = 1


def decode(path: str, raw: bytes) -> str | Diagnostic:
    if len(raw) > MAX_BYTES:
        return error("file-too-large", f"file is {len(raw)} bytes; the limit is 5 MiB", path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return error(
            "encoding-invalid",
            f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            path,
            line,
            column,
        )
    return text.removeprefix("\ufeff")


def split_front_matter(path: str, text: str) -> tuple[str, str, int] | Diagnostic:
    """Split Markdown into (front matter, body, first body line)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        return error(
            "frontmatter-missing",
            "a policy starts with a YAML front matter block between '---' lines",
            path,
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return error("frontmatter-unclosed", "the front matter has no closing '---' line", path)


def read_document(path: str, raw: bytes, *, markdown: bool = False) -> Document | Diagnostic:
    """Parse a YAML file or a Markdown file with front matter into a Document."""
    text = decode(path, raw)
    if isinstance(text, Diagnostic):
        return text
    body, body_line, offset = "", 1, 0
    if markdown:
        parts = split_front_matter(path, text)
        if isinstance(parts, Diagnostic):
            return parts
        text, body, body_line = parts
        offset = 1
    if not text.strip():
        return error("file-empty", "the file has no YAML content", path)
    try:
        data, positions = parse(text, line_offset=offset)
    except YamlProblem as problem:
        return error(problem.rule, problem.message, path, problem.line, problem.column)
    if data is None:
        return error("file-empty", "the file has no YAML content (only comments)", path)
    if not isinstance(data, dict):
        line, column = positions.at(())
        return error(
            "yaml-not-mapping",
            f"the document is a {type(data).__name__}, expected a mapping of keys",
            path,
            line,
            column,
        )
    return Document(path, data, positions, body, body_line)
