"""What is at a position of a parsed recipe, and what a reference names (shared by hover and
go-to-definition)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Iterator

from gandsl.lang import ast
from gandsl.lang.resolve import Module
from gandsl.lsp.document import Pos, contains


@dataclass(frozen=True)
class Hit:
    """The construct under the cursor.

    kind: "op" (a node's op name), "stage", "key" (an entry's key), "ref" (part `index` of a
    reference), "decl" (the name a param, node or import declares) or "use" (an import's path).
    """

    kind: str
    stmt: Any
    entry: ast.Entry | None = None
    ref: ast.Ref | None = None
    index: int = 0


@dataclass(frozen=True)
class Target:
    """What a reference names: a declaration in a module, and a node's setting if one is named."""

    module: Module
    decl: Any
    key: ast.Name | None = None

    @property
    def qname(self) -> str:
        return self.module.prefix + self.decl.alias.text if isinstance(self.decl, ast.Use) \
            else self.module.prefix + self.decl.name.text


def at(recipe: ast.Recipe, pos: Pos) -> Hit | None:
    """The construct of `recipe` under `pos`, if any."""
    for stmt in recipe.statements:
        if contains(stmt.span, pos):
            return _in_stmt(stmt, pos)
    return None


def _in_stmt(stmt: Any, pos: Pos) -> Hit | None:
    if isinstance(stmt, ast.Node):
        for kind, name in (("stage", stmt.stage), ("decl", stmt.name), ("op", stmt.op)):
            if contains(name.span, pos):
                return Hit(kind, stmt)
    if isinstance(stmt, (ast.Param, ast.Use)):
        name = stmt.name if isinstance(stmt, ast.Param) else stmt.alias
        if contains(name.span, pos):
            return Hit("decl", stmt)
    if isinstance(stmt, ast.Use) and contains(stmt.path.span, pos):
        return Hit("use", stmt)
    for entry in getattr(stmt, "entries", ()):
        if contains(entry.key.span, pos):
            return Hit("key", stmt, entry)
        if contains(entry.span, pos):
            return _in_expr(stmt, entry, entry.value, pos)
    if isinstance(stmt, ast.Param):
        for expr in (stmt.default, stmt.lo, stmt.hi):
            if expr is not None:
                hit = _in_expr(stmt, None, expr, pos)
                if hit is not None:
                    return hit
    return None


def _in_expr(stmt: Any, entry: ast.Entry | None, expr: Any, pos: Pos) -> Hit | None:
    for ref in refs(expr):
        for i, part in enumerate(ref.parts):
            if contains(part.span, pos):
                return Hit("ref", stmt, entry, ref, i)
    return None


def refs(expr: Any) -> Iterator[ast.Ref]:
    """Every reference inside an expression (walks any AST dataclass, so new forms are covered)."""
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Ref):
            yield node
        elif isinstance(node, tuple):
            stack.extend(node)
        elif type(node).__module__ == ast.__name__ and not isinstance(node, ast.Name):
            stack.extend(getattr(node, f.name) for f in dataclasses.fields(node))


def target(module: Module, parts: tuple[ast.Name, ...]) -> Target | None:
    """The declaration `parts` (a reference up to the part under the cursor) names, through
    imports; for `NODE.KEY` the key too."""
    decl = module.names.get(parts[0].text)
    if decl is None:
        return None
    rest = parts[1:]
    if isinstance(decl, ast.Use) and rest:
        inner = module.aliases.get(decl.alias.text)
        return target(inner, rest) if inner is not None and inner.recipe is not None else None
    if isinstance(decl, ast.Node) and rest:
        return Target(module, decl, rest[0])
    return Target(module, decl) if not rest else None


def entry_of(node: ast.Node, key: str) -> ast.Entry | None:
    """The entry of a node block that sets `key`, if written."""
    return next((e for e in node.entries if e.key.text == key), None)
