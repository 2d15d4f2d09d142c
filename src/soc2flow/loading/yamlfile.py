"""Safe YAML with positions: every key and value keeps its line and column.

The document is composed by libyaml (C) where available and turned into plain
Python data by a small walker that also records where each key sits, rejects
duplicate keys, aliases and unknown tags, and keeps dates as strings so that
the models decide what a real calendar date is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
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


MAX_DEPTH = 64
_STR = f"{_TAG}str"
_NULL = f"{_TAG}null"
# First characters for which the resolver may give a tag other than str.
_IMPLICIT_FIRST = frozenset(k for k in _Loader.yaml_implicit_resolvers if k is not None)
_ANY_FIRST = None in _Loader.yaml_implicit_resolvers
_CONTAINER_TAGS = {None, "!", f"{_TAG}map", f"{_TAG}seq"}


_RESOLVER = yaml.resolver.Resolver()


@lru_cache(maxsize=65536)
def implicit_tag(value: str) -> str:
    """The tag YAML gives a plain scalar: a function of its text alone (dates, numbers and
    words like ``yes`` recur in thousands of files, so each is resolved once)."""
    # types-PyYAML leaves Resolver.resolve untyped.
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return tag


class _Frame:
    """A mapping or sequence being filled, with its key path."""

    __slots__ = ("container", "key", "key_mark", "path")

    def __init__(self, container: dict[Any, Any] | list[Any], path: Path_) -> None:
        self.container = container
        self.path = path
        self.key: Any = _NO_KEY
        self.key_mark = (1, 1)


_NO_KEY = object()


class _Builder:
    """Plain data from the parser's event stream, iteratively (no recursion, bounded depth).

    Aliases are refused where they are used, before anything is expanded; so are merge
    keys, non-scalar keys, duplicate keys, unknown tags and a second document.
    """

    def __init__(self, loader: Any, positions: Positions, *, strings: bool = False) -> None:
        self.loader = loader
        self.strings = strings
        self.marks = positions.marks
        self.stack: list[_Frame] = []
        self.root: Any = None

    def build(self) -> Any:
        loader, handlers = self.loader, self._handlers()
        documents = 0
        while (event := loader.get_event()) is not None:
            handler = handlers.get(type(event))
            if handler is not None:
                handler(event)
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlProblem(
                        "yaml-invalid", "a file holds one YAML document; remove the extra '---'",
                        *_mark(event),
                    )  # fmt: skip
        return self.root

    def _handlers(self) -> dict[type, Any]:
        return {
            yaml.ScalarEvent: self._scalar,
            yaml.MappingStartEvent: self._start,
            yaml.SequenceStartEvent: self._start,
            yaml.MappingEndEvent: self._end,
            yaml.SequenceEndEvent: self._end,
            yaml.AliasEvent: self._alias,
        }

    def _scalar(self, event: Any) -> None:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self._resolve(event)
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.key is _NO_KEY and type(frame.container) is dict:
            self._key(frame, event, tag)
            return
        if tag == _STR:
            value: Any = event.value
        else:
            value = _scalar(yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark))
        self._attach(value, _mark(event))

    def _resolve(self, event: Any) -> str:
        """The implicit tag of a plain scalar; quoted scalars and most words are strings."""
        if not event.implicit[0]:
            return _STR
        if not _ANY_FIRST and event.value[:1] not in _IMPLICIT_FIRST:
            return _STR
        tag = implicit_tag(event.value)
        if self.strings and tag != _NULL:  # null stays null, as Go's zero value ""
            return _STR
        return tag

    def _key(self, frame: _Frame, event: Any, tag: str) -> None:
        mark = _mark(event)
        if tag == f"{_TAG}merge":
            raise YamlProblem(
                "yaml-alias", "YAML merge keys ('<<') are not allowed; write the keys out", *mark
            )
        if tag != _STR:
            # a key like 1 or yes or null: checked like a value, kept as written
            _scalar(yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark))
        key = event.value
        if key in frame.container:
            raise YamlProblem("yaml-duplicate-key", f"duplicate key {key!r}", *mark)
        frame.key, frame.key_mark = key, mark
        self.marks[(*frame.path, key)] = mark

    def _start(self, event: Any) -> None:
        if event.tag not in _CONTAINER_TAGS:
            raise YamlProblem(
                "yaml-invalid", f"the YAML tag {event.tag!r} is not allowed", *_mark(event)
            )
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.key is _NO_KEY and isinstance(frame.container, dict):
            raise YamlProblem("yaml-invalid", "a mapping key must be a plain value", *_mark(event))
        if len(self.stack) >= MAX_DEPTH:
            raise YamlProblem(
                "yaml-invalid", f"the YAML is nested more than {MAX_DEPTH} levels deep",
                *_mark(event),
            )  # fmt: skip
        container: dict[Any, Any] | list[Any] = (
            {} if isinstance(event, yaml.MappingStartEvent) else []
        )
        path = self._attach(container, _mark(event))
        self.stack.append(_Frame(container, path))

    def _end(self, event: Any) -> None:
        self.stack.pop()

    def _alias(self, event: Any) -> None:
        raise YamlProblem(
            "yaml-alias",
            "YAML aliases are not allowed (they can expand data without bound); "
            "write the values out",
            *_mark(event),
        )

    def _attach(self, value: Any, mark: tuple[int, int]) -> Path_:
        """Put ``value`` into the open container (or make it the root); return its path."""
        if not self.stack:
            self.root = value
            self.marks[()] = mark
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            path = (*frame.path, len(frame.container))
            self.marks[path] = mark
            frame.container.append(value)
            return path
        path = (*frame.path, frame.key)
        frame.container[frame.key] = value
        frame.key = _NO_KEY
        return path


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def parse(text: str, line_offset: int = 0, *, strings: bool = False) -> tuple[Any, Positions]:
    """Parse one YAML document into plain data and its positions.

    With ``strings``, every plain scalar but null (``~``, ``null``, nothing) is read as
    written (``ON`` stays ``"ON"``, not YAML 1.1's true), as a Go program reading into
    string fields reads it.

    Raises YamlProblem for anything that is not a single, plain, safe document.
    Lines in the problem are shifted by ``line_offset`` (front matter).
    """
    positions = Positions(line_offset=line_offset)
    try:
        loader = _Loader(text)
        try:
            data = _Builder(loader, positions, strings=strings).build()
        finally:
            loader.dispose()
    except YamlProblem as problem:
        problem.line += line_offset
        raise
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc, line_offset) from None
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        raise YamlProblem("yaml-invalid", f"invalid YAML: {exc}", 1 + line_offset, 1) from None
    return data, positions


def _syntax_problem(exc: yaml.MarkedYAMLError, line_offset: int) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or exc.context or "invalid YAML"
    if exc.problem and exc.context and exc.context_mark is not None:
        start = exc.context_mark
        where = f"line {start.line + 1 + line_offset}, column {start.column + 1}"
        problem += f" ({exc.context} that starts at {where})"
    return YamlProblem("yaml-invalid", f"invalid YAML: {problem}", line + line_offset, column)
