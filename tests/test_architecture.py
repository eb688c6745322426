"""The package's shape: layers that import only the layers below them, and no import cycles."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SOURCE = ROOT / "src" / "cchc_plan"
PACKAGE = "cchc_plan"

# What each layer may import from the package, besides itself. Data flows one way: plan file ->
# reading -> model and domain rules -> reports; writing edits what reading read; the command
# line only parses and prints, over the same library calls.
ALLOWED = {
    "errors": set(),
    "caching": {"__init__"},
    "plan": {"errors"},
    "reading": {"errors", "caching", "plan"},
    "writing": {"errors", "plan", "reading", "sheets"},
    "sheets": {"errors", "plan"},
    "reports": {"errors", "caching", "plan", "sheets"},
    "gitplan": {"errors", "plan", "reading", "writing"},
    "web": {"errors", "plan", "reading", "writing", "reports"},
    "cli": {"__init__", "errors", "plan", "reading", "writing", "reports", "gitplan", "sheets", "web"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE).with_suffix("").parts
    return ".".join([PACKAGE, *(parts[:-1] if parts[-1] == "__init__" else parts)])


def modules() -> dict[str, Path]:
    """Every module of the package (the templates folder is data, not code of a layer)."""
    return {module_name(path): path for path in sorted(SOURCE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that `name` imports anywhere: at the top, inside functions, and
    for type checking alone."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from PACKAGE import module` imports the module; `from MODULE import name`, the module.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                       for alias in node.names]
        else:
            continue
        found |= {target for target in targets if target in known}
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports_of(name, path, set(found)) for name, path in found.items()}


def layer(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_scan_sees_every_layer_and_the_imports_between_them() -> None:
    graph = import_graph()
    assert {layer(name) for name in graph} >= set(ALLOWED)
    assert "cchc_plan.reading.loader" in graph["cchc_plan.writing.recording"]
    assert "cchc_plan.cli.app" in graph["cchc_plan.cli.records"]


def test_no_module_imports_one_that_imports_it_back() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_each_layer_imports_only_the_layers_below_it() -> None:
    wrong = {
        (name, target)
        for name, targets in import_graph().items() if layer(name) in ALLOWED
        for target in targets
        if layer(target) != layer(name) and layer(target) not in ALLOWED[layer(name)]
    }
    assert wrong == set()


def test_the_top_of_the_package_holds_only_the_layers_and_the_shared_modules() -> None:
    top = sorted(path.name for path in SOURCE.iterdir() if path.name != "__pycache__")
    assert top == ["__init__.py", "__main__.py", "caching.py", "cli", "errors.py", "gitplan", "plan",
                   "reading", "reports", "sheets", "web", "writing"]


def test_help_and_completion_load_none_of_the_heavy_libraries() -> None:
    """`cchc --help` and Tab completion answer before a clerk notices: they must not import the
    model (pydantic), the YAML parsers, the templates or Word. A module-level import in a
    command module would (it cost 0,1 s here once)."""
    import subprocess
    import sys

    probe = (
        "import contextlib, io, sys\n"
        "from cchc_plan.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--help'])\n"
        "heavy = ('pydantic', 'ruamel', 'yaml_rs', 'jinja2', 'docx', 'docxtpl', 'babel')\n"
        "print(sorted({name.split('.')[0] for name in sys.modules} & set(heavy)))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, cwd=ROOT)

    assert done.stdout == "[]\n"
