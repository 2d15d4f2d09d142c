"""The layers hold: the domain knows no git, no CLI and no use case; rules start no git.

Importing ``a.b.c`` runs ``a/__init__.py`` and ``a/b/__init__.py`` too, so the graph here
adds every imported module's parent packages before following it.
"""

from __future__ import annotations

from tests.test_import_graph import import_graph

DOMAIN = "soc2flow.domain"
# What the domain may import: itself and the pydantic models of the files it judges.
DOMAIN_MAY_IMPORT = ("soc2flow.domain", "soc2flow.models")
GIT = "soc2flow.history.git"


def _with_packages(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Each module's imports plus the packages an import runs on the way."""
    found: dict[str, set[str]] = {}
    for name, targets in graph.items():
        more = set(targets)
        for target in targets:
            parts = target.split(".")
            more.update(".".join(parts[:n]) for n in range(2, len(parts)))
        found[name] = {t for t in more if t in graph and t != name}
    return found


def _reach(graph: dict[str, set[str]], start: str) -> set[str]:
    """Every module importing ``start`` runs (transitively)."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in graph[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _inside(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_the_domain_imports_only_the_domain_and_the_models() -> None:
    graph = _with_packages(import_graph())
    domain = sorted(n for n in graph if _inside(n, (DOMAIN,)))
    assert "soc2flow.domain.judging" in domain and "soc2flow.domain.cadence" in domain
    outside = {
        name: sorted(t for t in _reach(graph, name) if not _inside(t, DOMAIN_MAY_IMPORT))
        for name in domain
    }
    assert {name: found for name, found in outside.items() if found} == {}


def test_rules_start_no_git() -> None:
    graph = _with_packages(import_graph())
    rules = sorted(n for n in graph if _inside(n, ("soc2flow.rules",)))
    assert len(rules) > 10
    starting = {name for name in rules if GIT in _reach(graph, name) or name == GIT}
    assert starting == set()
    # the history package's __init__ imports the git runner: importing any history
    # module from a rule would start it
    assert GIT in _reach(graph, "soc2flow.history")


def test_rules_take_no_pure_decision_from_history_or_schedule() -> None:
    graph = _with_packages(import_graph())
    for name in (n for n in graph if _inside(n, ("soc2flow.rules",))):
        assert not {
            t for t in graph[name] if _inside(t, ("soc2flow.history", "soc2flow.schedule"))
        }, name


def test_evidence_add_takes_period_arithmetic_from_the_domain() -> None:
    graph = import_graph()
    assert "soc2flow.domain.periods" in graph["soc2flow.workflow.evidence"]
    assert not any(_inside(t, ("soc2flow.schedule",)) for t in graph["soc2flow.workflow.evidence"])


def test_the_package_graph_adds_parents() -> None:
    graph = _with_packages({"a.b.c": {"a.x.y"}, "a.x.y": set(), "a.x": set(), "a": set()})
    assert graph["a.b.c"] == {"a.x.y", "a.x"}
    assert _reach({"p": {"q"}, "q": {"r"}, "r": set()}, "p") == {"q", "r"}
