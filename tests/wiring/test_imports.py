"""No import cycles in travel/ and accounts/: every import of one of our modules by
another (at module level or inside a function) makes an edge; the graph has no cycle.
Services reach their tasks through what the wiring hands them, never by importing the
tasks module back; the layers themselves are import-linter's contract (pyproject)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _modules() -> dict[str, Path]:
    found = {}
    for package in ("travel", "accounts"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # `from travel import events` imports travel.events, not all of travel.
                targets = [
                    f"{node.module}.{alias.name}"
                    if f"{node.module}.{alias.name}" in modules
                    else node.module
                    for alias in node.names
                ]
            else:
                continue
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_import_graph_of_travel_and_accounts_has_no_cycle():
    assert cycles(import_graph()) == []


def test_the_check_sees_a_cycle_when_there_is_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _package(module: str) -> str:
    """The app a module belongs to ("travel.trips", "accounts"); project modules
    (travel.api, travel.events…) stand for themselves."""
    parts = module.split(".")
    if parts[0] == "accounts":
        return "accounts"
    if len(parts) > 2 or (len(parts) == 2 and (ROOT / "travel" / parts[1]).is_dir()):
        return ".".join(parts[:2])
    return module


def test_the_apps_depend_on_each_other_one_way():
    apps: dict[str, set[str]] = {}
    for module, targets in import_graph().items():
        package = _package(module)
        apps.setdefault(package, set()).update(
            _package(t) for t in targets if _package(t) != package
        )
    assert cycles(apps) == []
