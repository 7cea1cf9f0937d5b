"""The codebase's shape, checked: imports go one way and no function outgrows a reader.

Targets from the structure issue (19): no import cycle between modules of
``thermaldesign/``, no function longer than 120 lines (docstring excluded), no function
of cyclomatic complexity above 25 (radon's measure, McCabe 1976), and no import inside a
function except of an optional dependency. Each check reads the source with ``ast``, so a
regression names the module and function that broke it.
"""

import ast
from pathlib import Path

from radon.complexity import cc_visit

PACKAGE = Path(__file__).resolve().parents[1] / "thermaldesign"
MAX_FUNCTION_LINES = 120
MAX_COMPLEXITY = 25
# Imported inside functions on purpose: optional extras; pandas, a core dependency that
# only the to_dataframe methods need (0.2-0.3 s off every import of thermaldesign); and
# the study-report recipe, which brings matplotlib: the CLI imports it only for
# `thermaldesign study`, which keeps `thermaldesign --help` ~0.3 s faster (0.88 s against
# 1.15 s, three runs each, 2026-12-04).
# cvxpy: the sizing's fallback path imports it when first used, so that importing
# thermaldesign, the command line and sweep workers start without it (~0.4 s);
# astropy: aep8 speaks astropy units and coordinates;
# .ip_kernel: the compiled interior point and polish, which need numba (the `fast` extra)
# and are imported by the first solve of 256 columns or more (numba's import ~0.25 s)
OPTIONAL_IMPORTS = {"clarabel", "cvxpy", "dask", "distributed", "pandas", "SALib", "pymsis",
                    "aep8", "astropy"}
LAZY_MODULES = {".study_report", ".ip_kernel"}


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _imported_modules(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The thermaldesign modules ``module`` imports (``from .x import y`` names x and, if
    y is itself a module, x.y)."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package[: len(package) - (node.level - 1)]
                base = ".".join(parts + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == "thermaldesign":
                base = node.module
            else:
                continue
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name in known and name != module}


def _import_graph() -> dict[str, set[str]]:
    known = _modules()
    graph = {}
    for module, path in known.items():
        # A package re-exporting its submodules, or a submodule reading its package's
        # __init__, is the package's own wiring, not a dependency between layers.
        graph[module] = {
            target
            for target in _imported_modules(module, path, known)
            if not target.startswith(module + ".") and not module.startswith(target + ".")
        }
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan 1972), iteratively."""
    index, low, on_stack, stack, cycles = {}, {}, set(), [], []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        cycles.append(sorted(component))
    return cycles


def _functions():
    for module, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield module, node


def _body_lines(function: ast.FunctionDef) -> int:
    body = function.body
    first = body[0]
    has_docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
    if has_docstring and isinstance(first.value.value, str):
        if len(body) == 1:
            return 0
        first = body[1]
    return function.end_lineno - first.lineno + 1


def test_cycle_finder_finds_a_planted_cycle():
    # The oracle for the finder itself: a three-module ring and a tail hanging off it.
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_size_measures_see_a_planted_function():
    # Oracles for the two measures: 30 one-line branches are 30 body lines after the
    # docstring, and McCabe complexity 31 (one path plus one per decision).
    source = 'def f(x):\n    """Doc."""\n' + "".join(
        f"    if x == {i}: return {i}\n" for i in range(30))
    function = ast.parse(source).body[0]
    assert _body_lines(function) == 30
    assert [block.complexity for block in cc_visit(source)] == [31]


def test_no_import_cycle_inside_the_package():
    assert _cycles(_import_graph()) == []


def test_no_function_longer_than_the_limit():
    long = [
        f"{module}.{function.name}: {_body_lines(function)} lines"
        for module, function in _functions()
        if _body_lines(function) > MAX_FUNCTION_LINES
    ]
    assert long == []


def test_no_function_above_the_complexity_limit():
    # radon lists each method twice (alone and in its class): classes are skipped here.
    complex_ = [
        f"{module}.{block.name}: {block.complexity}"
        for module, path in _modules().items()
        for block in cc_visit(path.read_text())
        if not hasattr(block, "methods") and block.complexity > MAX_COMPLEXITY
    ]
    assert complex_ == []


def test_imports_inside_functions_are_only_optional_dependencies():
    inner = []
    for module, function in _functions():
        for node in ast.walk(function):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [("." * node.level) + (node.module or "")]
            else:
                continue
            if not all(name.split(".")[0] in OPTIONAL_IMPORTS or name in LAZY_MODULES
                       for name in names):
                inner.append(f"{module}.{function.name}: {', '.join(names)}")
    assert inner == []


def test_sizing_core_and_closure_stay_below_the_entry():
    """The solver core imports neither the diagnosis, the heat pump, the closure nor the
    entry; the closure imports none of the coefficient helpers it re-checks, so that it is
    an independent check of the model (tests/test_closure.py plants a wrong helper)."""
    graph = _import_graph()
    core, closure, entry = (graph[f"thermaldesign.sizing.{name}"]
                            for name in ("solve", "closure", "entry"))
    sizing = "thermaldesign.sizing."
    assert core.isdisjoint({sizing + m for m in ("diagnose", "heat_pump", "entry", "closure")})
    assert closure.isdisjoint({sizing + m for m in ("evaluate", "model", "solve", "entry")})
    assert {sizing + m for m in ("diagnose", "heat_pump", "closure", "solve")} <= entry
