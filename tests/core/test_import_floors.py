"""The floors point one way: api → schema → services → runtime → models, and jobs → services.

Every import of the project's own packages is read from the source (``ast``, function-level
imports included, ``if TYPE_CHECKING:`` blocks left out, since they never run). A package may
import only the floors below it, the plumbing of services (``services.core``, ``errors``,
``i18n``) imports no domain, and no modules import each other in a circle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: What each top-level package may import besides itself.
ALLOWED: dict[str, frozenset[str]] = {
    "api": frozenset({"schema", "services", "runtime", "models", "jobs", "fixtures"}),
    "schema": frozenset({"services", "runtime", "models"}),
    "jobs": frozenset({"services", "runtime", "models"}),
    "fixtures": frozenset({"services", "runtime", "models"}),
    "services": frozenset({"runtime", "models"}),
    "runtime": frozenset({"models"}),
    "models": frozenset(),
    "migrations": frozenset(),
}
#: Plumbing shared by the service domains: it may import only itself and the floors below.
PLUMBING = ("services.core", "services.errors", "services.i18n")


def _modules(root: Path) -> dict[str, Path]:
    found = {}
    for package in ALLOWED:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool) -> Iterator[tuple[int, str]]:
    """(line, imported module) of every import that runs, resolved to a module name."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"
        stack.extend(ast.iter_child_nodes(node))


def import_graph(root: Path) -> dict[str, list[tuple[int, str]]]:
    """Each project module with the project modules it imports (``from a import b`` counts
    as importing the module ``a.b`` where that is a module, else ``a``)."""
    modules = _modules(root)
    graph: dict[str, list[tuple[int, str]]] = {}
    for name, path in modules.items():
        targets = []
        tree = ast.parse(path.read_text(), filename=str(path))
        for line, target in _imports(tree, name, path.name == "__init__.py"):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                targets.append((line, target))
        graph[name] = targets
    return graph


def upward_imports(root: Path) -> list[str]:
    graph = import_graph(root)
    found = []
    for module, targets in graph.items():
        floor = module.split(".")[0]
        plumbing = module.startswith(PLUMBING)
        for line, target in targets:
            top = target.split(".")[0]
            if top != floor and top not in ALLOWED[floor]:
                found.append(f"{module}:{line} imports {target}")
            elif plumbing and top == "services" and not target.startswith(PLUMBING):
                found.append(f"{module}:{line} (plumbing) imports the domain {target}")
    return found


def import_circles(root: Path) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    graph = {
        module: sorted({t for _, t in targets}) for module, targets in import_graph(root).items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(start: str) -> None:
        work = [(start, iter(graph[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    circles.append(sorted(group))

    for module in graph:
        if module not in index:
            visit(module)
    return circles


def test_every_import_points_down() -> None:
    assert upward_imports(ROOT) == []


def test_no_modules_import_each_other_in_a_circle() -> None:
    assert import_circles(ROOT) == []


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for package in ALLOWED:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def test_the_checks_catch_an_upward_import_and_a_circle(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "services/events.py": "def f():\n    from api.settings import x\n",
            "services/core/__init__.py": "from services import events\n",
            "schema/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import api\n"
            "from schema import b\n",
            "schema/b.py": "from . import a\n",
            "jobs/tasks.py": "import schema.a\n",
            "api/settings.py": "import runtime\n",
        },
    )
    assert sorted(upward_imports(root)) == [
        "jobs.tasks:1 imports schema.a",
        "services.core:1 (plumbing) imports the domain services.events",
        "services.events:2 imports api.settings",
    ]
    assert import_circles(root) == [["schema.a", "schema.b"]]
