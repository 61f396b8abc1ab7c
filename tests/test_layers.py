"""The package's layers (README, "Architecture"): imports only go down, and there is no cycle.

Every ``import`` and ``from ... import`` of every module of ``analysis/`` is read with :mod:`ast`,
including the ones inside functions (a lazy import is still a dependency).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "analysis"

LAYERS = [
    ("analysis.context", "analysis.text"),
    ("analysis.resources",),
    ("analysis.corpus",),
    ("analysis.analyses",),
    ("analysis.views", "analysis.choices"),
    ("analysis.charts",),
    ("analysis.tables",),
    ("analysis.report",),
    ("analysis.__main__",),
]
"""Bottom to top: a module may import from its own layer and the layers below it, never above."""

IO = "analysis.io"
IO_USERS = ("analysis.resources", "analysis.tables", "analysis.report", "analysis.__main__")
"""Only these may import :mod:`analysis.io`, the one module that touches the file system."""

IO_IMPORTS = ("analysis.corpus.event",)
"""What :mod:`analysis.io` itself may import: ``load_event`` reads an event folder's files and hands
them to the pure validation of :mod:`analysis.corpus.event` (which imports nothing of ``io``)."""

ALLOWED: set[tuple[str, str]] = set()
"""Imports that break the rules above, each with the reason it is still there (none left)."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """The package modules ``name`` imports (``from a.b import c`` counts as ``a.b.c`` when that is a module)."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        found.update(t for t in targets if t in MODULES and t != name)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def layer_of(name: str) -> int | None:
    for index, prefixes in enumerate(LAYERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return index
    return None


def test_every_module_has_a_layer():
    unplaced = sorted(n for n in MODULES if layer_of(n) is None and n not in ("analysis", IO))
    assert unplaced == []


def test_no_upward_import():
    upward = sorted(
        (name, target)
        for name, targets in GRAPH.items()
        for target in targets
        if target != IO
        and layer_of(name) is not None
        and layer_of(target) is not None
        and layer_of(target) > layer_of(name)
        and (name, target) not in ALLOWED
    )
    assert upward == []


def test_analyses_do_not_import_each_other():
    def analysis(name: str) -> str:
        return name.split(".")[2] if name.startswith("analysis.analyses.") else ""

    crossing = sorted(
        (name, target)
        for name, targets in GRAPH.items()
        for target in targets
        if analysis(name) and analysis(target) and analysis(name) != analysis(target)
    )
    assert crossing == []


def test_io_is_imported_only_by_resources_tables_report_and_cli():
    users = sorted(
        name
        for name, targets in GRAPH.items()
        if IO in targets and not name.startswith(IO_USERS) and (name, IO) not in ALLOWED
    )
    assert users == []
    assert sorted(GRAPH[IO]) == sorted(IO_IMPORTS)


def test_the_package_root_imports_nothing():
    assert GRAPH["analysis"] == set()


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` as a list of modules (first == last), or [] when there is none."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return []


def test_no_import_cycle():
    assert find_cycle(GRAPH) == []


def test_the_checks_catch_a_cycle_and_an_upward_import():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []
    assert layer_of("analysis.analyses.terms") > layer_of("analysis.text.tokens")
    assert layer_of("analysis.report.runner") > layer_of("analysis.tables.registry")


def test_every_allowed_exception_is_still_needed():
    stale = sorted((name, target) for name, target in ALLOWED if target not in GRAPH.get(name, set()))
    assert stale == []
