"""Helpers for workflow tests: a committed starter repository built by init's core."""

from __future__ import annotations

from pathlib import Path

from soc2flow.workflow.scaffold import InitOptions, init
from tests.conftest import GitRepo


def starter(repo: GitRepo, *, year: int = 2026, commit: bool = True) -> GitRepo:
    """Scaffold the starter repository into ``repo`` (and commit it)."""
    init(InitOptions(repo.root, "Acme Corp", "UTC", year, force=True))
    if commit:
        repo.commit("Start the compliance repository", date=f"{year}-01-05T10:00:00")
    return repo


def set_people(repo: GitRepo, people: str) -> None:
    """Replace the people list of soc2flow.yaml with ``people`` (YAML lines)."""
    path = repo.root / "soc2flow.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("people:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("  "))
    path.write_text("".join([*lines[: start + 1], people, *lines[end:]]), encoding="utf-8")


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
