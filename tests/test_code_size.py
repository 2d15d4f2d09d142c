"""Size limits: no module under src/ over 400 lines, no function over 60 lines."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
MAX_MODULE = 400
MAX_FUNCTION = 60


def too_long(source: str) -> tuple[int, list[tuple[str, int]]]:
    """The module's line count and every function (``name``, lines) over the limit."""
    functions = [
        (node.name, (node.end_lineno or node.lineno) - node.lineno + 1)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    return len(source.splitlines()), [(n, size) for n, size in functions if size > MAX_FUNCTION]


def test_the_limits_are_measured() -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_FUNCTION - 1))
    assert too_long(f"def fits():\n{body}")[1] == []
    assert too_long(f"async def over():\n{body}    return 1\n")[1] == [("over", 61)]
    nested = f"class A:\n    def method(self):\n{'    ' + body.replace(chr(10), chr(10) + '    ')}"
    assert too_long(nested.rstrip() + "\n        return 1\n")[1] == [("method", 61)]


def test_no_module_or_function_is_too_long() -> None:
    problems = []
    for path in sorted(SRC.rglob("*.py")):
        lines, functions = too_long(path.read_text(encoding="utf-8"))
        where = path.relative_to(SRC).as_posix()
        if lines > MAX_MODULE:
            problems.append(f"{where}: {lines} lines (at most {MAX_MODULE})")
        problems += [f"{where}:{name}: {n} lines (at most {MAX_FUNCTION})" for name, n in functions]
    assert problems == []
