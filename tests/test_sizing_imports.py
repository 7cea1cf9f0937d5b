"""The sizing package's import shape: no cycle, no hidden imports, an independent closure.

Oracle: the modules' own syntax trees (every import statement, at the top or inside a
function), read with :mod:`ast`; a cycle is found by depth-first search.
"""

import ast
from pathlib import Path

import thermaldesign.sizing

PACKAGE = Path(thermaldesign.sizing.__file__).parent
# imports allowed inside functions: optional dependencies only
OPTIONAL = {"clarabel"}


def _imports(path: Path):
    """(imported sizing module or external name, inside a function?) for one module."""
    tree = ast.parse(path.read_text())
    nested = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
        for node in ast.walk(function)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, id(node) in nested
        elif isinstance(node, ast.ImportFrom):
            if node.level == 1:  # "from .x import y" or "from . import x"
                names = [node.module] if node.module else [a.name for a in node.names]
                for name in names:
                    yield f"sizing.{name}", id(node) in nested
            else:
                yield "." * node.level + (node.module or ""), id(node) in nested


def _graph():
    modules = {path.stem: path for path in PACKAGE.glob("*.py") if path.stem != "__init__"}
    return {
        name: {
            target.removeprefix("sizing.")
            for target, _ in _imports(path)
            if target.startswith("sizing.") and target.removeprefix("sizing.") in modules
        }
        for name, path in modules.items()
    }


def _cycle(graph):
    """One import cycle as a list of modules, or None."""
    state = {}

    def visit(node, path):
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return path[path.index(target):] + [target]
            if target not in state:
                found = visit(target, path + [target])
                if found:
                    return found
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start, [start])
            if found:
                return found
    return None


def test_cycle_finder_finds_a_planted_cycle():
    """Control: the search is able to fail."""
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_inside_sizing():
    graph = _graph()
    assert {"solve", "diagnose", "heat_pump", "closure"} <= set(graph)
    assert _cycle(graph) is None


def test_no_function_level_imports_but_optional_dependencies():
    hidden = [
        f"{path.name}: {name}"
        for path in sorted(PACKAGE.glob("*.py"))
        for name, inside in _imports(path)
        if inside and name not in OPTIONAL
    ]
    assert hidden == []


def test_core_and_closure_stay_below_the_entry():
    """The solver core imports neither the diagnosis, the heat pump nor the entry, and the
    closure none of the coefficient helpers it re-checks."""
    graph = _graph()
    assert graph["solve"].isdisjoint({"diagnose", "heat_pump", "entry", "closure"})
    assert graph["closure"].isdisjoint({"evaluate", "model", "solve", "entry"})
    assert {"diagnose", "heat_pump", "closure", "solve"} <= graph["entry"]
