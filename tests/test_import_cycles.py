"""The package has no import cycles: a static scan of every module's imports.

Imports inside functions count too (a lazy import that closes a loop is still a cycle of
design); only `if TYPE_CHECKING:` imports are left out. `from PKG import mod` depends on
PKG.mod, not on PKG's __init__, which Python runs before any of its modules anyway.
"""
from __future__ import annotations

import ast
from pathlib import Path

import gandsl
from gandsl.lang.cycles import find_cycles
from gandsl.spec import STAGES

ROOT = Path(gandsl.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    return {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


class _Imports(ast.NodeVisitor):
    def __init__(self) -> None:
        self.found: list[ast.Import | ast.ImportFrom] = []

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", "")
        if name != "TYPE_CHECKING":
            self.generic_visit(node)
        else:
            for stmt in node.orelse:
                self.visit(stmt)

    def visit_Import(self, node: ast.Import) -> None:
        self.found.append(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.found.append(node)


def _targets(stmt: ast.Import | ast.ImportFrom, package: str, known: dict[str, Path]) -> set[str]:
    if isinstance(stmt, ast.Import):
        return {a.name for a in stmt.names}
    base = stmt.module or ""
    if stmt.level:
        parts = package.split(".")
        base = ".".join(parts[:len(parts) - stmt.level + 1] + ([base] if base else []))
    subs = {f"{base}.{a.name}" for a in stmt.names if f"{base}.{a.name}" in known}
    return subs | ({base} if len(subs) < len(stmt.names) else set())


def import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports; the registry's importlib loads count too (it
    imports every `gandsl/ops/<stage>_<name>.py`)."""
    known = modules()
    graph = {}
    for name, path in known.items():
        visitor = _Imports()
        visitor.visit(ast.parse(path.read_text("utf-8")))
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = set().union(*(_targets(s, package, known) for s in visitor.found))
        graph[name] = {t for t in found if t in known and t != name}
    graph["gandsl.ops.registry"] |= {m for m in known if m.startswith("gandsl.ops.")
                                     and m.rpartition(".")[2].split("_")[0] in STAGES}
    return graph


def package_of(module: str) -> str:
    """`gandsl.lang.load` -> `lang`; the top-level modules (spec, errors, ...) -> `(top)`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (ROOT / parts[-1]).is_dir() else "(top)"


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Package -> the packages its modules import (the entry point `__main__` left out)."""
    out: dict[str, set[str]] = {}
    for module, targets in graph.items():
        if module == "gandsl.__main__":
            continue
        mine = package_of(module)
        out.setdefault(mine, set()).update(package_of(t) for t in targets if package_of(t) != mine)
    return out


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, one per knot."""
    return find_cycles((a, b) for a, targets in graph.items() for b in sorted(targets))


def test_no_import_cycles():
    graph = import_graph()
    assert len(graph) > 40 and "gandsl.engine.keys" in graph["gandsl.engine.scheduler"]
    assert "gandsl.render.png" in graph["gandsl.render.embed"]  # lazy imports are seen
    found = cycles(graph)
    assert not found, "import cycles: " + "; ".join(" -> ".join(c + [c[0]]) for c in found)


def test_packages_import_one_way_only():
    """Each layer imports only the layers to its left and the neutral top-level modules."""
    packages = package_graph(import_graph())
    assert {"lang", "engine", "ops", "gan", "render", "cli"} <= set(packages)
    assert "ops" in packages["engine"] and "gan" in packages["ops"]  # the scan sees these
    pairs = sorted({tuple(sorted((a, b))) for a, bs in packages.items() for b in bs
                    if a in packages.get(b, set())})
    assert not pairs, f"packages importing each other: {pairs}"
    found = cycles(packages)
    assert not found, "package circles: " + "; ".join(" -> ".join(c + [c[0]]) for c in found)
    assert "ops" not in packages["lang"], "the checker is handed its ops (lang/catalog.py)"


def test_the_scan_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_op_run_takes_a_run_context():
    from gandsl.context import RunContext
    from gandsl.ops.registry import registry

    def typed(module) -> bool:
        hint = module.run.__annotations__.get("ctx")
        return hint is RunContext or (hint == "RunContext" and module.RunContext is RunContext)

    untyped = [f"{stage} {name}" for (stage, name), op in sorted(registry().items())
               if not typed(op.module)]
    assert not untyped, f"annotate `run(ctx: RunContext, ...)` in: {untyped}"
