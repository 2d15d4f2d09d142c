"""``soc2flow init``: write a starter compliance repository from package data.

The files live under ``soc2flow/scaffold/files``. A path part ``dot-NAME`` is
written as ``.NAME`` (package data does not carry dotfiles well), and a file
ending in ``.tmpl`` is filled in with ``string.Template`` and written without
the suffix. Existing files are never touched.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template

from soc2flow.errors import BadInput
from soc2flow.fileio import write_atomic
from soc2flow.workflow import editor
from soc2flow.workflow.paths import ensure_inside


@dataclass(frozen=True)
class InitOptions:
    target: Path
    organization: str
    timezone: str
    year: int
    force: bool = False


@dataclass
class InitResult:
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def scaffold_root() -> Traversable:
    return resources.files("soc2flow") / "scaffold" / "files"


def _walk(node: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        name = child.name
        if name.startswith(("__", ".")):
            continue
        if name.startswith("dot-"):
            name = "." + name.removeprefix("dot-")
        if child.is_dir():
            yield from _walk(child, f"{prefix}{name}/")
        else:
            yield f"{prefix}{name}", child


def packaged_file(relpath: str) -> str:
    """The text of one scaffold file by its written path (e.g. ``.github/workflows/x.yml``)."""
    for path, node in _walk(scaffold_root()):
        if path == relpath:
            return node.read_text(encoding="utf-8")
    raise KeyError(relpath)


def planned_files(options: InitOptions) -> dict[str, str]:
    """Every file init writes, by repo-relative path."""
    values = {
        # JSON strings are valid YAML double-quoted scalars: no injection through --org.
        "organization": json.dumps(options.organization, ensure_ascii=False),
        "timezone": json.dumps(options.timezone),
        "year": f"{options.year:04d}",
    }
    plan: dict[str, str] = {}
    for path, node in _walk(scaffold_root()):
        text = node.read_text(encoding="utf-8")
        if path.endswith(".tmpl"):
            path, text = path.removesuffix(".tmpl"), Template(text).substitute(values)
        plan[path] = text
    plan.update(editor.schemas())
    plan[".vscode/settings.json"] = editor.vscode_settings()
    return plan


def _check(options: InitOptions) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    target = options.target
    if target.exists() and not target.is_dir():
        raise BadInput(f"{target} is a file; give init a folder to create the repository in")
    if not options.organization.strip() or "\n" in options.organization:
        raise BadInput("--org must be a non-empty organisation name on one line")
    try:
        ZoneInfo(options.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadInput(
            f"--timezone {options.timezone!r} is not an IANA time zone such as Europe/Berlin"
        ) from None
    if (
        target.is_dir()
        and not options.force
        and any(child.name != ".git" for child in target.iterdir())
    ):
        raise BadInput(
            f"{target} is not empty; pass --force to add the starter files "
            "without touching the existing ones"
        )


def init(options: InitOptions) -> InitResult:
    """Write the starter repository into ``options.target``; keep every existing file."""
    _check(options)
    result = InitResult()
    plan = planned_files(options)
    for path in plan:
        ensure_inside(options.target, options.target / path)
    for path, text in plan.items():
        dest = options.target / path
        if dest.exists() or dest.is_symlink():
            result.kept.append(path)
            continue
        try:
            write_atomic(dest, text)
        except OSError as exc:
            raise BadInput(f"cannot write {dest}: {exc.strerror}; check the folder") from None
        result.written.append(path)
    return result
