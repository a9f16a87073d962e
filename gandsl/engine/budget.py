"""A memory budget: estimate each node's output size from its params and refuse a recipe whose
node would exceed it, before any work runs (a clip of frames x grid x scale can need 100 GiB).

Estimates are of the uint8 arrays a node holds: images of data nodes, frames of walks, upscaled
frames of renders. Ops whose size is unknown before running (a folder of images) count 0.
"""
from __future__ import annotations

from typing import Any

from gandsl.errors import RecipeError, SourceMap
from gandsl.lang.resolved import ResolvedNode, ResolvedRecipe
from gandsl.lang.values import frame_count

DEFAULT_BUDGET = 4 * 2**30
RGB = 3


def _side(recipe: ResolvedRecipe, train: ResolvedNode) -> int:
    """The image side a train node's generator makes (its model's resolution, else its data's)."""
    model = recipe.nodes.get(train.inputs.get("model", ""))
    data = recipe.nodes.get(train.inputs.get("data", ""))
    side = model.params.get("resolution") if model is not None else 0
    if not side and data is not None:
        side = data.params.get("size") or 0
    return int(side) if isinstance(side, (int, float)) else 0


def _frame_count(walk: ResolvedNode) -> int:
    p = walk.params
    return frame_count(p.get("frames"), p.get("duration"), p.get("fps"))


def _grid(node: ResolvedNode) -> int:
    grid = node.params.get("grid")
    return int(grid.w * grid.h) if hasattr(grid, "w") else 1


def _walk_bytes(recipe: ResolvedRecipe, walk: ResolvedNode) -> int:
    train = recipe.nodes.get(walk.inputs.get("from", ""))
    side = _side(recipe, train) if train is not None else 0
    return _frame_count(walk) * _grid(walk) * side * side * RGB


def _frames_bytes(recipe: ResolvedRecipe, name: str) -> int:
    """Bytes of an upscale (or data) node's frames, from the statically inferred shapes."""
    from gandsl.lang.check_upscale import Shapes

    shape = Shapes(dict(recipe.nodes)).of(name)
    return (shape.bytes or 0) if shape is not None else 0


def estimate(recipe: ResolvedRecipe, node: ResolvedNode) -> int:
    """Bytes of the arrays a node's output (and, for renders, its upscaled frames) needs."""
    p = node.params
    scale = int(p.get("scale") or 1) if isinstance(p.get("scale"), int) else 1
    source = recipe.nodes.get(node.inputs.get("frames", ""))
    if node.stage == "upscale":
        return _frames_bytes(recipe, node.name)
    if node.stage == "render" and source is not None and source.stage == "upscale":
        return _frames_bytes(recipe, source.name) * (1 + scale * scale)
    if node.stage == "data" and isinstance(p.get("count"), int) and isinstance(p.get("size"), int):
        return p["count"] * int(p.get("channels") or 1) * p["size"] ** 2
    if node.stage == "walk":
        return _walk_bytes(recipe, node)
    if node.stage == "render" and "frames" in node.inputs:
        walk = recipe.nodes.get(node.inputs["frames"])
        return _walk_bytes(recipe, walk) * (1 + scale * scale) if walk is not None else 0
    if node.stage == "render" and "from" in node.inputs and "grid" in p:
        train = recipe.nodes.get(node.inputs["from"])
        side = _side(recipe, train) if train is not None else 0
        return _grid(node) * side * side * RGB * (1 + scale * scale)
    return 0


def _words(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n < 1024 or unit == "PiB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return ""


def check_budget(recipe: ResolvedRecipe, names: list[str], budget: int) -> None:
    """Raise RecipeError (E037) naming every node whose estimate exceeds the budget."""
    from gandsl.errors import Diagnostic

    diagnostics = []
    for name in names:
        node = recipe.nodes[name]
        need = estimate(recipe, node)
        if need > budget:
            diagnostics.append(Diagnostic(
                "E037", f"node `{name}` would need about {_words(need)} of memory, over the "
                f"budget of {_words(budget)}", node.span, f"about {_words(need)}",
                "lower frames, grid, scale or size, or raise --max-memory"))
    if diagnostics:
        texts: dict[str, str] = {}
        for d in diagnostics:
            if d.span is not None and d.span.file not in texts:
                texts[d.span.file] = _source(recipe, d.span.file)
        raise RecipeError(diagnostics[0].message, diagnostics=diagnostics,
                          sources=SourceMap(texts))


def _source(recipe: ResolvedRecipe, file: str) -> Any:
    from pathlib import Path

    try:
        return Path(file).read_text("utf-8")
    except OSError:
        return ""
