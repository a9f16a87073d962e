"""Document symbols: params, imports, and nodes grouped by stage."""
from __future__ import annotations

from typing import Callable

from lsprotocol import types as lsp

from gandsl.errors import Span
from gandsl.lang import ast
from gandsl.lang.fmt import expr

ToRange = Callable[[Span], lsp.Range]


def symbols(recipe: ast.Recipe, to_range: ToRange) -> list[lsp.DocumentSymbol]:
    """The outline of a parsed recipe: params and imports, then one group per stage."""
    out: list[lsp.DocumentSymbol] = []
    groups: dict[str, lsp.DocumentSymbol] = {}
    for stmt in recipe.statements:
        if isinstance(stmt, ast.Param):
            out.append(_symbol(stmt.name.text, lsp.SymbolKind.Variable, stmt.span, stmt.name.span,
                               to_range, f"param = {expr(stmt.default)}"))
        elif isinstance(stmt, ast.Use):
            out.append(_symbol(stmt.alias.text, lsp.SymbolKind.Module, stmt.span, stmt.alias.span,
                               to_range, f"use {stmt.path.text}"))
        elif isinstance(stmt, ast.Node):
            group = _group(groups, out, stmt, to_range)
            group.children.append(_node(stmt, to_range))
            group.range = _union(group.range, to_range(stmt.span))
    return out


def _group(groups: dict[str, lsp.DocumentSymbol], out: list[lsp.DocumentSymbol],
           node: ast.Node, to_range: ToRange) -> lsp.DocumentSymbol:
    """The symbol for a node's stage, made at its first node."""
    stage = node.stage.text
    if stage not in groups:
        groups[stage] = _symbol(stage, lsp.SymbolKind.Namespace, node.span, node.stage.span,
                                to_range, "stage")
        groups[stage].children = []
        out.append(groups[stage])
    return groups[stage]


def _node(node: ast.Node, to_range: ToRange) -> lsp.DocumentSymbol:
    return _symbol(node.name.text, lsp.SymbolKind.Function, node.span, node.name.span, to_range,
                   f"{node.stage.text} {node.op.text}")


def _symbol(name: str, kind: lsp.SymbolKind, span: Span, name_span: Span, to_range: ToRange,
            detail: str) -> lsp.DocumentSymbol:
    return lsp.DocumentSymbol(name=name, kind=kind, range=to_range(span),
                              selection_range=to_range(name_span), detail=detail)


def _union(a: lsp.Range, b: lsp.Range) -> lsp.Range:
    """The smallest range covering both."""
    key = lambda p: (p.line, p.character)  # noqa: E731
    return lsp.Range(start=min(a.start, b.start, key=key), end=max(a.end, b.end, key=key))
