"""The generator's import graph, as grimp (import-linter's graph library) reads it: no cycle,
counting imports made only for type checking too (make lint checks the layers themselves)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import grimp


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), plus self-imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph.find_modules_directly_imported_by(module)):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1 or module in graph.find_modules_directly_imported_by(module):
                groups.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return groups


def test_the_generator_has_no_import_cycle_even_counting_type_checking_imports() -> None:
    graph = grimp.build_graph("generator", exclude_type_checking_imports=False)
    assert len(graph.modules) > 30
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for name in ("p", "p.a", "p.b", "p.c"):
        graph.add_module(name)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.c")
    assert _cycles(graph) == []
    graph.add_import(importer="p.c", imported="p.a")
    assert _cycles(graph) == [["p.a", "p.b", "p.c"]]


ROOT = Path(__file__).resolve().parent.parent
# A page path or an anchor written as a literal: routes.py is the one place that may (the check
# layer reads what authors write in content, so it matches their links by pattern instead).
SPELLED_ROUTE = re.compile(r"""(?<!"")["'](?:dialogues|modules|trainers|embed|contributing)/|["'#]turn-|["'#]ref-|check-your-understanding|["']q-\{""")


def test_no_page_path_or_anchor_is_spelled_outside_routes() -> None:
    files = [*(ROOT / "generator" / "render").rglob("*.py"), *(ROOT / "generator" / "export").rglob("*.py")]
    files += [*(ROOT / "generator" / "render" / "templates").glob("*.j2"), ROOT / "generator" / "api.py"]
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()[:100]}"
        for path in files
        if path.name != "routes.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SPELLED_ROUTE.search(line)
    ]
    assert found == []
    assert SPELLED_ROUTE.search('href = f"dialogues/{did}.md"') and SPELLED_ROUTE.search('<a href="#turn-{{ n }}">')


def _contract(name: str) -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return next(c for c in config["tool"]["importlinter"]["contracts"] if c["name"] == name)


def test_every_module_but_the_plugin_package_is_forbidden_to_import_mkdocs() -> None:
    """The `forbidden` contract lists source modules by name: a new top-level module of the
    generator must be listed too, or it could import MkDocs unseen."""
    contract = _contract("Only generator.mkdocs imports MkDocs")
    assert contract["type"] == "forbidden" and set(contract["forbidden_modules"]) >= {"mkdocs", "material"}  # type: ignore[call-overload]
    top = {f"generator.{p.stem if p.is_file() else p.name}" for p in (ROOT / "generator").iterdir() if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()}
    assert top - {"generator.mkdocs"} == set(contract["source_modules"])  # type: ignore[call-overload]


def test_nothing_below_the_entry_points_reads_the_environment() -> None:
    """Configuration comes down as plugin options and Settings fields; only the command line reads
    an environment variable (HANDBOOK_SITE_URL, as mkdocs.yml does through !ENV)."""
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "generator").rglob("*.py"))
        if path.name != "cli.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\bos\.environ\b|\bgetenv\(", line)
    ]
    assert found == []
