"""Load a recipe: parse it and its imports, check and resolve everything, report all errors."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from gandsl.lang.cycles import cycle_text, find_cycles
from gandsl.lang import ast
from gandsl.lang.catalog import OpCatalog
from gandsl.lang.check import Report, did_you_mean
from gandsl.lang.check_about import check_about, check_version
from gandsl.lang.check_classes import check_classes
from gandsl.lang.check_upscale import check_upscale
from gandsl.lang.check_sound import check_sound
from gandsl.lang.check_init import check_init
from gandsl.errors import RecipeError, SourceMap, Span
from gandsl.lang.parse import parse
from gandsl.lang.check_nodes import check_nodes, out_suffix
from gandsl.lang.resolve import Module, Resolver
from gandsl.lang.resolved import ResolvedRecipe
from gandsl.lang.settle import settle_defaults
from gandsl.lang.setparse import SET_FILE, check_set_names, parse_sets, set_source


MAX_NAME = 100  # characters of a param, node or alias name (node names become file names)
MAX_IMPORTS = 256  # module instances (a file used under two aliases counts twice)
MAX_IMPORTED_CHARS = 4_000_000  # source text over all instances


class Loader:
    """Reads a recipe and its imports into Modules, collecting sources and diagnostics.

    Each file is read and parsed once, however often it is imported; the instances (one per
    alias on the way) are capped in count and in total text, so a recipe whose imports fan out
    (a file that uses the next twice, 30 levels deep) is an error, not a hang (E039).
    """

    def __init__(self, main: Path, report: Report, data_root: Path | None = None,
                 read: Callable[[Path], str] | None = None) -> None:
        self.main = main
        self.read = read or (lambda p: p.read_text("utf-8"))  # an editor passes unsaved texts
        self.root = main.parent
        self.data_root = data_root  # relative paths in data resolve here (replay), else by file
        self.display_root = os.path.dirname(str(main))
        self.report = report
        self.texts: dict[str, str] = {}     # display name -> text (for diagnostics)
        self.sources: dict[str, str] = {}   # path relative to the main folder -> text
        self.parsed: dict[Path, tuple[str, Any]] = {}  # resolved path -> (text, recipe or error)
        self.instances, self.chars = 0, 0

    def load(self, path: Path, prefix: str, stack: tuple[Path, ...]) -> Module:
        """Parse one file and, recursively, what it imports."""
        rel = os.path.relpath(path, self.root).replace(os.sep, "/") if stack else path.name
        display = str(self.main) if not stack else os.path.normpath(
            os.path.join(self.display_root, rel))
        text, recipe = self._parse(path, display)
        self.texts[display] = text
        self.sources[rel] = text
        self.instances, self.chars = self.instances + 1, self.chars + len(text)
        if recipe is None:
            return Module(prefix, None, self._folder(path))
        module = Module(prefix, recipe, self._folder(path))
        declare(module, self.report)
        for stmt in recipe.statements:
            if isinstance(stmt, ast.Use) and module.names.get(stmt.alias.text) is stmt:
                inner = self._import(stmt, path, prefix, stack + (path.resolve(),))
                if inner is not None:
                    module.aliases[stmt.alias.text] = inner
        return module

    def _parse(self, path: Path, display: str) -> tuple[str, Any]:
        """(text, parsed recipe or None) of a file, read and parsed once per load."""
        key = path.resolve()
        if key not in self.parsed:
            text = self.read(path)
            try:
                self.parsed[key] = (text, parse(text, display))
            except RecipeError as err:
                self.report.diagnostics.extend(err.diagnostics)
                self.parsed[key] = (text, None)
        return self.parsed[key]

    def _over_limit(self, use: ast.Use) -> bool:
        """Whether another import would pass the caps (reported once)."""
        if self.instances < MAX_IMPORTS and self.chars < MAX_IMPORTED_CHARS:
            return False
        if not any(d.code == "E039" for d in self.report.diagnostics):
            self.report.error("E039", f"too many imports: over {MAX_IMPORTS} files or "
                              f"{MAX_IMPORTED_CHARS:,} characters in all", use.path.span,
                              "imports fan out here", "import each file once and share it through "
                              "one alias; a recipe that multiplies its imports was likely crafted")
        return True

    def _folder(self, path: Path) -> Path:
        """The folder relative `path` values of this file resolve against."""
        if self.data_root is None:
            return path.parent
        rel = os.path.relpath(path.parent, self.root)
        return Path(os.path.normpath(self.data_root.absolute() / rel))

    def _import(self, use: ast.Use, path: Path, prefix: str, stack: tuple[Path, ...]) -> Module | None:
        target = path.parent / use.path.value
        if target.resolve() in stack:
            chain = " → ".join(p.name for p in stack[stack.index(target.resolve()):]) + \
                f" → {target.name}"
            self.report.error("E032", f"import cycle: {chain}", use.path.span,
                              "imports a file that imports this one",
                              "move the shared part into a third file")
            return None
        if not target.is_file():
            return self._missing(use, target)
        if self._over_limit(use):
            return None
        try:
            return self.load(target, f"{prefix}{use.alias.text}.", stack)
        except (OSError, UnicodeDecodeError) as err:
            self.report.error("E031", f"cannot read `{use.path.value}`", use.path.span,
                              type(err).__name__)
            return None

    def _missing(self, use: ast.Use, target: Path) -> None:
        siblings = [p.name for p in target.parent.glob("*.gan")] if target.parent.is_dir() else []
        hint = did_you_mean(target.name, siblings)
        self.report.error("E031", f"cannot import `{use.path.value}`: no such file", use.path.span,
                          "not found (paths are relative to this file)", hint)
        return None


def declare(module: Module, report: Report) -> None:
    """Fill the module's namespace: params, nodes and import aliases; report duplicates."""
    assert module.recipe is not None
    for stmt in module.recipe.statements:
        name = _declared_name(stmt)
        if name is None:
            continue
        if len(name.text) > MAX_NAME:
            report.error("E042", f"a name of {len(name.text)} characters is too long", name.span,
                         f"over {MAX_NAME} characters", "names become file names: keep them short")
        first = module.names.get(name.text)
        if first is not None:
            where = _declared_name(first).span
            report.error("E010", f"`{name.text}` is declared twice", name.span, "declared again here",
                         f"first declared at {where.line}:{where.col}; params, nodes and imports "
                         "share one namespace")
        else:
            module.names[name.text] = stmt


def _declared_name(stmt: Any) -> ast.Name | None:
    if isinstance(stmt, (ast.Param, ast.Node)):
        return stmt.name
    if isinstance(stmt, ast.Use):
        return stmt.alias
    return None


def _all_params(module: Module) -> dict[str, Span | None]:
    """Every declared param of the module tree by qualified name."""
    found: dict[str, Span | None] = {}
    for name, decl in module.names.items():
        if isinstance(decl, ast.Param):
            found[module.prefix + name] = decl.span
    for inner in module.aliases.values():
        if inner.recipe is not None:
            found.update(_all_params(inner))
    return found


def load_recipe(path: Path | str, sets: Sequence[str] = (), data_root: Path | None = None, *,
                ops: OpCatalog, machine: str | None = None) -> ResolvedRecipe:
    """Parse, import, check and resolve a recipe; one RecipeError carries every problem.

    data_root: where the main recipe's relative data paths resolve (a replay), else its folder.
    """
    try:
        return _load_recipe(Path(path), sets, data_root, ops, machine)
    except RecursionError:  # e.g. a chain of thousands of nodes: a message, not a crash
        raise RecipeError(f"`{path}` nests or chains its nodes too deeply to check",
                          code="E006", help="split the recipe into smaller ones") from None


@dataclass
class Analysis:
    """Everything one check found: the module tree, the resolver's values and the diagnostics."""

    main: Module
    loader: Loader
    resolver: Resolver
    report: Report
    about: dict[str, Any] = field(default_factory=dict)


def analyse(path: Path, sets: Sequence[str] = (), data_root: Path | None = None,
            read: Callable[[Path], str] | None = None, *, ops: OpCatalog,
            machine: str | None = None) -> Analysis:
    """Parse, import, check and resolve without raising for recipe errors (OSError on the main
    file propagates); `read` supplies file texts (an editor's unsaved buffers), `ops` the ops,
    `machine` the device kind defaults are settled for (None: what `--device auto` picks)."""
    report = Report()
    loader = Loader(path, report, data_root, read)
    main = loader.load(path, "", ())
    resolver = Resolver(report, ops=ops)
    about: dict[str, Any] = {}
    parsed_sets = parse_sets(sets, report)
    if main.recipe is not None:
        resolver.sets = check_set_names(parsed_sets, _all_params(main), report)
        about = check_about(main.recipe, report)
        check_version(main.recipe, report)
        register_stages(main, resolver)
        resolver.resolve_module(main)
        check_cycles(resolver, report)
        settle_defaults(resolver.nodes, ops, machine)
        check_classes(resolver.nodes, report, ops)
        check_outputs(resolver.nodes, report, ops)
        check_init(resolver.nodes, resolver.edges, report)
        if not report:
            check_upscale(resolver.nodes, report, ops)
        check_sound(resolver.nodes, report, ops)
        check_nodes(resolver.nodes, resolver.spans, report, ops)  # every op's check, in the same pass
    order = list(loader.texts)
    report.diagnostics.sort(key=lambda d: (order.index(d.span.file) if d.span and d.span.file
                                           in order else len(order), d.span.line if d.span
                                           else 0, d.span.col if d.span else 0))
    return Analysis(main, loader, resolver, report, about)


def _load_recipe(path: Path, sets: Sequence[str], data_root: Path | None,
                 ops: OpCatalog, machine: str | None = None) -> ResolvedRecipe:
    """load_recipe's body."""
    try:
        found = analyse(path, sets, data_root, ops=ops, machine=machine)
    except (OSError, UnicodeDecodeError) as err:
        raise RecipeError(f"cannot read recipe `{path}`: {getattr(err, 'strerror', None) or err}",
                          code="E031") from None
    report, resolver = found.report, found.resolver
    if report:
        texts = dict(found.loader.texts)
        if sets:
            texts[SET_FILE] = set_source(sets)
        raise RecipeError(report.diagnostics[0].message, diagnostics=report.diagnostics,
                          sources=SourceMap(texts))
    nodes = {name: node for name, node in resolver.nodes.items() if node is not None}
    return ResolvedRecipe(path=path, nodes=nodes, params=dict(resolver.params), about=found.about,
                          sources=found.loader.sources, root=data_root)


def check_outputs(nodes: dict[str, Any], report: Report, ops: OpCatalog) -> None:
    """Each `out` names what its render writes; two nodes may not write the same `out` (they
    would race under --jobs)."""
    seen: dict[str, str] = {}
    for name, node in nodes.items():
        out = node.params.get("out") if node is not None else None
        if not isinstance(out, str) or not out:
            continue
        op = ops.get(node.stage, node.op)
        for p in out_suffix(out, op.spec.artifact if op else None):
            report.error(p.code, p.message, node.spans.get("out", node.span), p.label, p.help)
        norm = os.path.normpath(out.replace("\\", "/"))
        if norm in seen:
            report.error("E035", f"`{name}` writes `{out}`, which `{seen[norm]}` writes too",
                         node.span, "same output path", "give each render its own `out`")
        else:
            seen[norm] = name


def register_stages(module: Module, resolver: Resolver) -> None:
    """Record the stage of every node (qualified) for NODE.KEY references to inputs."""
    for name, decl in module.names.items():
        if isinstance(decl, ast.Node):
            resolver.stages[module.prefix + name] = decl.stage.text
    for inner in module.aliases.values():
        if inner.recipe is not None:
            register_stages(inner, resolver)


def check_cycles(resolver: Resolver, report: Report) -> None:
    """Report each cycle among nodes (inputs and NODE.KEY references)."""
    for cycle in find_cycles(list(resolver.edges)):
        span = resolver.edges[(cycle[-1], cycle[0])]
        report.error("E030", f"nodes refer to each other in a cycle: {cycle_text(cycle)}", span,
                     f"`{cycle[0]}` needs `{cycle[-1]}`", "break the loop: a node cannot "
                     "depend on itself")
