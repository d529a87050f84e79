"""Every qawl module imports on its own, and the import graph has no cycle.

The graph counts every ``import`` and ``from ... import`` of a qawl module that
appears anywhere in a file (module level, inside functions, under
``TYPE_CHECKING``): a function-level import may keep a heavy optional
dependency from loading until it is needed, but it is still a dependency, so it
may not close a cycle. Two more kinds of edge are counted:

* importing ``qawl.a.b`` runs ``qawl/a/__init__.py`` first, so a module outside
  package ``qawl.a`` that imports ``qawl.a.b`` also depends on ``qawl.a``
  (a package's own modules do not: Python has the package half-imported by then);
* ``qawl.stages.registry`` imports the stages named in its ``STAGES`` table with
  importlib, so it depends on each module that table names.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "backend"
PACKAGE = SOURCE / "qawl"

# Modules that need an optional dependency at import time and so cannot be imported here.
# Empty: optional dependencies (camel_tools.ner and its data catalogue, torch, transformers,
# label_studio_sdk's client) are imported inside the functions that use them.
NEEDS_OPTIONAL_DEPENDENCY_AT_IMPORT: set[str] = set()

# Modules that must import nothing from qawl (shared resources everyone may import).
LEAVES = {"qawl.arabic", "qawl.shipped", "qawl.stages.registry", "qawl.quote_marks"}


def qawl_modules() -> dict[str, tuple[Path, bool]]:
    """Dotted name -> (file, is a package) for every module of the qawl package."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(SOURCE).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        modules[".".join(parts)] = (path, is_package)
    return modules


def _existing(name: str, modules) -> str | None:
    """``name`` if it is a module, else the nearest enclosing module (``pkg.mod.attr`` -> ``pkg.mod``)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _imported_names(module: str, is_package: bool, node: ast.Import | ast.ImportFrom, modules) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[:len(base) - (node.level - 1)]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    # ``from pkg import name``: name may be a submodule (an edge to it) or an attribute (an edge to pkg)
    return [f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source for alias in node.names]


def import_graph() -> dict[str, dict[str, list[str]]]:
    """module -> {imported qawl module: [where and how, for the failure message]}."""
    modules = qawl_modules()
    graph: dict[str, dict[str, list[str]]] = {name: {} for name in modules}

    def add(source: str, target: str, why: str) -> None:
        if target != source and why not in graph[source].get(target, []):
            graph[source].setdefault(target, []).append(why)

    for name, (path, is_package) in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        top_level = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}" + ("" if id(node) in top_level else " (in a function/block)")
            for imported in _imported_names(name, is_package, node, modules):
                target = _existing(imported, modules) if imported.startswith("qawl") else None
                if target is None:
                    continue
                add(name, target, where)
                package = target.rpartition(".")[0]
                while package:  # running the enclosing packages' __init__ first
                    if not (name == package or name.startswith(package + ".")):
                        add(name, package, f"{where} (runs {package}/__init__.py)")
                    package = package.rpartition(".")[0]
    registry = PACKAGE / "stages" / "registry.py"
    for node in ast.parse(registry.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "STAGES":
            for target in ast.literal_eval(node.value).values():
                module = target.partition(":")[0]
                assert module in modules, f"STAGES names {target!r}, but there is no module {module}"
                add("qawl.stages.registry", module, f"{registry.relative_to(ROOT)} (STAGES table, importlib)")
    return graph


def strongly_connected(graph: dict[str, dict[str, list[str]]]) -> list[set[str]]:
    """The groups of two or more modules that import one another, directly or not (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for child in graph[node]:
            if child not in index:
                visit(child)
                low[node] = min(low[node], low[child])
            elif child in stack:
                low[node] = min(low[node], index[child])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def find_cycle(graph: dict[str, dict[str, list[str]]]) -> list[str] | None:
    """One cycle ``[a, b, ..., a]`` of the graph, or None."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour = dict.fromkeys(graph, WHITE)
    for root in sorted(graph):
        if colour[root] != WHITE:
            continue
        stack = [(root, iter(sorted(graph[root])))]
        path = [root]
        colour[root] = GREY
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = BLACK
                stack.pop()
                path.pop()
            elif colour[child] == GREY:
                return path[path.index(child):] + [child]
            elif colour[child] == WHITE:
                colour[child] = GREY
                stack.append((child, iter(sorted(graph[child]))))
                path.append(child)
    return None


def test_the_import_graph_has_no_cycle():
    graph = import_graph()
    report = []
    for group in strongly_connected(graph):  # one cycle from each tangle of modules
        inside = {a: {b: why for b, why in graph[a].items() if b in group} for a in group}
        cycle = find_cycle(inside)
        report.append(f"{len(group)} modules in one cycle, e.g.:")
        report += [f"  {a} -> {b}   [{'; '.join(graph[a][b])}]" for a, b in zip(cycle, cycle[1:])]
    assert not report, "import cycles:\n" + "\n".join(report)


def test_leaf_modules_import_nothing_from_qawl():
    graph = import_graph()
    for leaf in sorted(LEAVES):
        static = {target: why for target, why in graph[leaf].items() if not any("STAGES table" in w for w in why)}
        assert not static, f"{leaf} should be a leaf but imports {static}"


def _import_alone(module: str) -> tuple[str, int, str]:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=120)
    return module, result.returncode, result.stderr


def test_every_module_imports_in_a_fresh_interpreter():
    modules = sorted(set(qawl_modules()) - NEEDS_OPTIONAL_DEPENDENCY_AT_IMPORT)
    with ThreadPoolExecutor(max_workers=2) as pool:  # 2 shared cores
        results = list(pool.map(_import_alone, modules))
    failures = [f"{module}:\n{stderr.strip().splitlines()[-1] if stderr.strip() else f'exit {code}'}"
                for module, code, stderr in results if code != 0]
    assert not failures, f"{len(failures)} module(s) fail to import alone:\n" + "\n".join(failures)


def test_the_pipeline_imports_no_stage_until_a_model_names_it():
    code = ("import sys, qawl.pipeline\n"
            "print(sorted(m for m in sys.modules if m.startswith('qawl.') and m.split('.')[1] in {'stages', 'ner', 'learning'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['qawl.stages', 'qawl.stages.registry']"


def test_every_stage_in_the_table_has_its_factory():
    from qawl.stages.registry import FACTORIES, STAGES, stage_factory

    assert set(STAGES) == {"quotes", "entities", "entity_rules", "learnt"}  # the names model.json uses
    for name in STAGES:
        assert callable(stage_factory(name)), name
        assert name in FACTORIES
    assert "nonesuch" not in FACTORIES


def test_the_package_and_the_command_say_their_version():
    import qawl

    from gunicorn_server import qawl_command

    printed = subprocess.run([*qawl_command(), "--version"], capture_output=True, text=True, timeout=60)
    assert printed.returncode == 0 and printed.stdout.strip() == f"qawl {qawl.__version__}"
    assert qawl.__version__.count(".") == 2 and qawl.Annotator.__module__ == "qawl.pipeline"
