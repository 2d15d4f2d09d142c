"""docs/ARCHITECTURE.md names every package and top-level module, and the git runner."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "soc2flow"
DOC = ROOT / "docs" / "ARCHITECTURE.md"


def unnamed(doc: str, package: Path) -> list[str]:
    """Packages (``name/``) and top-level modules (``name.py``) the text does not name."""
    packages = [p.name + "/" for p in package.iterdir() if (p / "__init__.py").is_file()]
    modules = [p.name for p in package.glob("*.py") if not p.name.startswith("__")]
    return sorted(name for name in packages + modules if name not in doc)


def test_every_package_and_module_is_named() -> None:
    assert unnamed(DOC.read_text(encoding="utf-8"), PACKAGE) == []


def test_a_new_package_would_be_noticed(tmp_path: Path) -> None:
    (tmp_path / "domain").mkdir()
    (tmp_path / "domain" / "__init__.py").write_text("")
    (tmp_path / "usecases.py").write_text("")
    assert unnamed("domain is not named with its slash", tmp_path) == ["domain/", "usecases.py"]


def test_the_data_flow_and_the_git_paths_are_described() -> None:
    doc = DOC.read_text(encoding="utf-8")
    assert "## Data flow" in doc
    assert "## Running git (`soc2flow.history.git`)" in doc
    assert "GitPython" in doc and "1.2x" in doc
