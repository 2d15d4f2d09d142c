"""Safe YAML with positions: every key and value keeps its line and column.

The document is composed by libyaml (C) where available and turned into plain
Python data by a small walker that also records where each key sits, rejects
duplicate keys, aliases and unknown tags, and keeps dates as strings so that
the models decide what a real calendar date is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 5 * 1024 * 1024

Path_ = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"


class YamlProblem(Exception):
    """A YAML document that cannot be read; carries a rule id and a 1-based position."""

    def __init__(self, rule: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Positions:
    """Where each element of a document sits, by its path of keys and indexes."""

    line_offset: int = 0
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: Path_) -> tuple[int, int]:
        """The line and column of ``path``, or of its nearest ancestor that exists."""
        found: Path_ = ()
        for element in path:
            candidate = (*found, element)
            if candidate in self.marks:
                found = candidate
        line, column = self.marks.get(found, (1, 1))
        return line + self.line_offset, column

    def locate(self, loc: tuple[Any, ...]) -> tuple[int, int]:
        """Map a pydantic error location (which may contain union tags) to a position."""
        return self.at(tuple(x for x in loc if isinstance(x, str | int)))


_constructor = yaml.constructor.SafeConstructor()


def _text(node: yaml.ScalarNode) -> str:
    return str(node.value)


# Dates stay strings (the models decide what a real calendar date is); strings, the
# common case, skip the constructor entirely.
_BUILDERS: dict[str, Callable[[yaml.ScalarNode], Any]] = {
    f"{_TAG}str": _text,
    f"{_TAG}timestamp": _text,
    f"{_TAG}int": _constructor.construct_yaml_int,
    f"{_TAG}float": _constructor.construct_yaml_float,
    f"{_TAG}bool": _constructor.construct_yaml_bool,
    f"{_TAG}null": _constructor.construct_yaml_null,
}


def _scalar(node: yaml.ScalarNode) -> Any:
    build = _BUILDERS.get(node.tag)
    if build is None:
        raise YamlProblem(
            "yaml-invalid",
            f"the YAML tag {node.tag!r} is not allowed; write plain values",
            node.start_mark.line + 1,
            node.start_mark.column + 1,
        )
    return build(node)


class _Walker:
    def __init__(self, positions: Positions) -> None:
        self.positions = positions
        self.seen: set[int] = set()

    def walk(self, node: yaml.Node, path: Path_) -> Any:
        if id(node) in self.seen:
            raise YamlProblem(
                "yaml-alias",
                "YAML aliases are not allowed (they can expand data without bound); "
                "write the values out",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, child in enumerate(node.value):
                self.positions.marks[(*path, index)] = _mark(child)
                items.append(self.walk(child, (*path, index)))
            return items
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        raise YamlProblem("yaml-invalid", f"unexpected YAML node {node!r}")  # pragma: no cover

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == f"{_TAG}merge":
                raise YamlProblem(
                    "yaml-alias",
                    "YAML merge keys ('<<') are not allowed; write the keys out",
                    *_mark(key_node),
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(
                    "yaml-invalid", "a mapping key must be a plain value", *_mark(key_node)
                )
            key = _scalar(key_node)
            if isinstance(key, int | float | bool) or key is None:
                key = key_node.value
            if key in result:
                raise YamlProblem("yaml-duplicate-key", f"duplicate key {key!r}", *_mark(key_node))
            self.positions.marks[(*path, key)] = _mark(key_node)
            result[key] = self.walk(value_node, (*path, key))
        return result


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def parse(text: str, line_offset: int = 0) -> tuple[Any, Positions]:
    """Parse one YAML document into plain data and its positions.

    Raises YamlProblem for anything that is not a single, plain, safe document.
    Lines in the problem are shifted by ``line_offset`` (front matter).
    """
    positions = Positions(line_offset=line_offset)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.problem and exc.context and exc.context_mark is not None:
            start = exc.context_mark
            problem += f" ({exc.context} that starts at line {start.line + 1 + line_offset}, column {start.column + 1})"
        raise YamlProblem(
            "yaml-invalid", f"invalid YAML: {problem}", line + line_offset, column
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("yaml-invalid", f"invalid YAML: {exc}", 1 + line_offset, 1) from None
    if node is None:
        return None, positions
    positions.marks[()] = _mark(node)
    try:
        data = _Walker(positions).walk(node, ())
    except YamlProblem as problem:
        problem.line += line_offset
        raise
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        raise YamlProblem(
            "yaml-invalid", f"invalid YAML value: {exc}", 1 + line_offset, 1
        ) from None
    return data, positions
