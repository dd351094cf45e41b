"""Guard: the apps import each other in one direction only, and no import hides a cycle.

Read with `ast` from the source (nothing is imported), so the test also sees a cycle that
Python would tolerate at run time thanks to a function-local import (STYLE.md §1).
"""

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OFFICINA = ROOT / "officina"

# Which apps each app may import (besides itself). Everything may import `common` and
# `accounts`; `common` imports no app (docs/ARCHITECTURE.md, "Dependency direction").
ALLOWED = {
    "common": set(),
    "accounts": {"common"},
    "organisations": {"common", "accounts", "audit"},
    "audit": {"common", "accounts", "organisations"},
    "notifications": {"common", "accounts", "organisations"},
    "realtime": {"common", "accounts", "organisations"},
    "pages": {"common"},
    "boards": {"common", "accounts", "organisations", "audit", "notifications", "realtime"},
    "scrum": {
        "common",
        "accounts",
        "organisations",
        "audit",
        "notifications",
        "realtime",
        "boards",
    },
    "analytics": {
        "common",
        "accounts",
        "organisations",
        "audit",
        "notifications",
        "realtime",
        "boards",
        "scrum",
    },
}


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(OFFICINA.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "tests" in parts or "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def _imports(tree: ast.AST) -> Iterator[tuple[ast.stmt, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name


def _top_level_imports(tree: ast.Module) -> set[str]:
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom | ast.Import):
            found.update(module for _node, module in _imports(node))
        elif isinstance(node, ast.If):  # `if TYPE_CHECKING:` blocks do not run
            continue
    return {name for name in found if name.startswith("officina.")}


def _function_local_imports(tree: ast.Module) -> Iterator[tuple[int, str, str]]:
    """(line, function, module) of every import of officina inside a function body."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for statement, module in _imports(node):
            if module.startswith("officina."):
                yield statement.lineno, node.name, module


def _resolve(module: str, known: set[str]) -> str | None:
    """`officina.boards.models.WorkItem` style names resolve to the module that defines them."""
    while module and module not in known:
        module = module.rpartition(".")[0]
    return module or None


def _graph() -> dict[str, set[str]]:
    sources = dict(_modules())
    known = set(sources)
    graph: dict[str, set[str]] = {}
    for name, path in sources.items():
        tree = ast.parse(path.read_text())
        targets = {_resolve(module, known) for module in _top_level_imports(tree)}
        graph[name] = {target for target in targets if target and target != name}
    return graph


def _app(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 1 else ""


def test_no_function_local_import_of_officina_outside_app_setup():
    # `apps.py` runs before the app registry is ready: Django wants its imports of models in
    # `AppConfig.ready()` and the receivers it connects there.
    offences = [
        f"{path.relative_to(ROOT)}:{line} {function}() imports {module}"
        for _name, path in _modules()
        if path.name != "apps.py"
        for line, function, module in _function_local_imports(ast.parse(path.read_text()))
    ]
    assert offences == [], "Import at the top of the module, or invert the dependency:\n" + (
        "\n".join(offences)
    )


def test_apps_import_only_the_apps_below_them():
    offences = []
    for module, targets in _graph().items():
        app = _app(module)
        if app not in ALLOWED:
            continue
        for target in sorted(targets):
            other = _app(target)
            if other and other != app and other not in ALLOWED[app]:
                offences.append(f"{module} imports {target}")
    assert offences == [], "An import against the dependency direction:\n" + "\n".join(offences)


def test_every_app_has_a_place_in_the_dependency_direction():
    apps = {path.parent.name for path in OFFICINA.glob("*/apps.py")}
    assert apps <= set(ALLOWED), f"Add {sorted(apps - set(ALLOWED))} to ALLOWED"


def test_no_cycle_between_modules():
    graph = _graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == [], "Import cycles:\n" + "\n".join(" → ".join(cycle) for cycle in cycles)
