"""A memory budget: estimate each node's output size from its params and refuse a recipe whose
node would exceed it, before any work runs (a clip of frames x grid x scale can need 100 GiB).

Op-agnostic: a node's estimate is its op's `estimate(params, shapes)` hook (renders count every
copy they make and what their encoder holds), else the bytes of its static shape (lang/shapes.py:
data images, walk frames, upscaled frames); an op's `limit(params, shapes)` hook says why it
cannot be made at all (a GIF side over 65,535 pixels). Unknown sizes (a folder of images) count 0.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.errors import Diagnostic, RecipeError, SourceMap
from gandsl.lang.resolved import ResolvedNode, ResolvedRecipe
from gandsl.lang.shapes import Shapes

DEFAULT_BUDGET = 4 * 2**30


def shapes_of(recipe: ResolvedRecipe) -> Shapes:
    """The static shapes of a recipe's nodes, through the built-in ops' hooks."""
    from gandsl.ops.registry import CATALOG

    return Shapes(dict(recipe.nodes), CATALOG)


def estimate(recipe: ResolvedRecipe, node: ResolvedNode, shapes: Shapes | None = None) -> int:
    """Bytes of the arrays a node's output (and, for renders, every copy they make) needs."""
    shapes = shapes or shapes_of(recipe)
    fn = shapes.hook(node, "estimate")
    try:
        if fn is not None:
            return int(fn(node.params, shapes))
    except (TypeError, ValueError, KeyError, AttributeError):  # a value the checker reported
        return 0
    own = shapes.of(node.name)
    return (own.bytes or 0) if own is not None else 0


def _words(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n < 1024 or unit == "PiB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return ""


def _problem(recipe: ResolvedRecipe, node: ResolvedNode, shapes: Shapes, budget: int) -> Diagnostic | None:
    """Why a node cannot run within the budget (or at all), else None."""
    limit = shapes.hook(node, "limit")
    reason = limit(node.params, shapes) if limit is not None else None
    if reason:
        return Diagnostic("E037", f"node `{node.name}` {reason}", node.span, reason.split(";")[0],
                          "lower scale or size, or render another format")
    need = estimate(recipe, node, shapes)
    if need <= budget:
        return None
    return Diagnostic("E037", f"node `{node.name}` would need about {_words(need)} of memory, over the "
                      f"budget of {_words(budget)}", node.span, f"about {_words(need)}",
                      "lower frames, grid, scale or size, or raise --max-memory")


def check_budget(recipe: ResolvedRecipe, names: list[str], budget: int) -> None:
    """Raise RecipeError (E037) naming every node whose estimate exceeds the budget."""
    shapes = shapes_of(recipe)
    diagnostics = [d for d in (_problem(recipe, recipe.nodes[n], shapes, budget) for n in names) if d]
    if diagnostics:
        texts = {d.span.file: _source(d.span.file) for d in diagnostics if d.span is not None}
        raise RecipeError(diagnostics[0].message, diagnostics=diagnostics, sources=SourceMap(texts))


def _source(file: str) -> str:
    try:
        return Path(file).read_text("utf-8")
    except OSError:
        return ""
