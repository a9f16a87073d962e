"""A memory budget: estimate each node's output size from its params and refuse a recipe whose
node would exceed it, before any work runs (a clip of frames x grid x scale can need 100 GiB).

Estimates are of the uint8 arrays a node holds: images of data nodes, frames of walks; for
renders of frames, the source frames plus every resampling a render makes (retimed to `fps` at
`speed`, enlarged by `scale`, fitted to `size`); for sheets, every cell (`seeds` or `grid`) at the
upscaler's factor and `scale`. GIF frames are also held to GIF's 65,535-pixel side. Ops whose
size is unknown before running (a folder of images) count 0.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gandsl.errors import RecipeError, SourceMap
from gandsl.lang.resolved import ResolvedNode, ResolvedRecipe
from gandsl.lang.values import frame_count

DEFAULT_BUDGET = 4 * 2**30
RGB = 3
GIF_MAX_SIDE = 65_535
# Encoders that hold the whole clip besides the frames: GIF as palette images (1 byte a pixel),
# WebP as RGB(A) images (Pillow's animated encoder); mp4 and PNG folders stream frame by frame.
ENCODER_BYTES = {"gif": 1, "webp": 4}
RGB_ENCODERS = ("gif", "webp", "mp4")  # they take the whole clip as RGB: a grey clip is copied


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


def _number(value: Any, default: float) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


@dataclass(frozen=True)
class Rendered:
    """What a render of frames holds: the source frames, and n frames out at each step."""

    source: int  # bytes of the source frames
    n: int  # frames after retiming to `fps` at `speed`
    h: int  # source frame height
    w: int
    c: int  # channels
    retimed: bool  # whether `fps` or `speed` make a new array of frames
    scale: int
    size: tuple[int, int] | None  # `size` WxH as (h, w), when given
    encoder: int = 0  # bytes per output pixel the encoder holds for the whole clip
    rgb_copy: bool = False  # a grey clip converted to RGB for the encoder

    @property
    def out_side(self) -> tuple[int, int]:
        """(height, width) of the frames written."""
        return self.size or (self.h * self.scale, self.w * self.scale)

    @property
    def bytes(self) -> int:
        """Source + the retimed, enlarged and fitted copies render/output.prepared makes (each
        only when it makes one), + what the encoder holds."""
        one = self.h * self.w * self.c
        held = self.source + self.n * one * self.retimed + self.n * one * self.scale ** 2 * (self.scale > 1)
        h, w = self.out_side
        if self.size is not None:
            held += self.n * h * w * self.c
        return held + self.n * h * w * (self.encoder + RGB * self.rgb_copy)


def rendered_frames(recipe: ResolvedRecipe, node: ResolvedNode) -> Rendered | None:
    """The frames a render of frames makes, after retiming, `scale` and `size` exactly as
    render/output.prepared does them; None when the source's shape is unknown."""
    from gandsl.lang.check_upscale import Shapes

    source = recipe.nodes.get(node.inputs.get("frames", ""))
    shape = Shapes(dict(recipe.nodes)).of(source.name) if source is not None else None
    if shape is None or shape.n is None:
        return None
    p = node.params
    clip_fps = _clip_fps(recipe, source)
    fps = _number(p.get("fps"), 0.0) or clip_fps
    speed = max(_number(p.get("speed"), 1.0), 1e-9)
    n = max(1, round(shape.n * fps / (clip_fps * speed)))
    size = p.get("size")
    return Rendered(shape.n * shape.h * shape.w * shape.c, n, shape.h, shape.w, shape.c,
                    fps != clip_fps or speed != 1.0,
                    int(_number(p.get("scale"), 1)),
                    (int(size.h), int(size.w)) if hasattr(size, "w") else None,
                    ENCODER_BYTES.get(node.op, 0), shape.c == 1 and node.op in RGB_ENCODERS)


def _clip_fps(recipe: ResolvedRecipe, node: ResolvedNode | None) -> float:
    """The fps of a walk's frames, or of an upscale node's (its source walk's)."""
    while node is not None and node.stage == "upscale":
        node = recipe.nodes.get(node.inputs.get("frames", ""))
    return _number(node.params.get("fps"), 24.0) if node is not None else 24.0


def _sheet_bytes(recipe: ResolvedRecipe, node: ResolvedNode) -> int:
    """A sheet: every cell (`seeds`, else `grid`) at the upscaler's factor, then `scale`."""
    p = node.params
    train = recipe.nodes.get(node.inputs.get("from", ""))
    side = _side(recipe, train) if train is not None else 0
    upscaler = recipe.nodes.get(node.inputs.get("upscale", "") or "")
    factor = int(_number(upscaler.params.get("factor"), 1)) if upscaler is not None else 1
    seeds = p.get("seeds")
    cells = len(seeds) if isinstance(seeds, (list, tuple, range)) else _grid(node)
    scale = int(_number(p.get("scale"), 1))
    cell = (side * factor) ** 2 * RGB
    return cells * cell * (1 + scale * scale)


def estimate(recipe: ResolvedRecipe, node: ResolvedNode) -> int:
    """Bytes of the arrays a node's output (and, for renders, every resampled copy) needs."""
    p = node.params
    if node.stage == "upscale":
        return _frames_bytes(recipe, node.name)
    if node.stage == "data" and isinstance(p.get("count"), int) and isinstance(p.get("size"), int):
        return p["count"] * int(p.get("channels") or 1) * p["size"] ** 2
    if node.stage == "walk":
        return _walk_bytes(recipe, node)
    if node.stage == "render" and "frames" in node.inputs:
        found = rendered_frames(recipe, node)
        return found.bytes if found is not None else 0
    if node.stage == "render" and "from" in node.inputs and "grid" in p:
        return _sheet_bytes(recipe, node)
    return 0


def _words(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n < 1024 or unit == "PiB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return ""


def _gif_side(recipe: ResolvedRecipe, node: ResolvedNode) -> Any:
    """A Diagnostic when a GIF's frames would pass GIF's 65,535-pixel side, else None."""
    from gandsl.errors import Diagnostic

    found = rendered_frames(recipe, node) if node.stage == "render" and node.op == "gif" else None
    if found is None or max(found.out_side) <= GIF_MAX_SIDE:
        return None
    h, w = found.out_side
    return Diagnostic("E037", f"node `{node.name}` would write {w}x{h} GIF frames; a GIF side is "
                      f"at most {GIF_MAX_SIDE} pixels", node.span, f"{w}x{h} frames",
                      "lower scale or size, or render mp4/webp")


def check_budget(recipe: ResolvedRecipe, names: list[str], budget: int) -> None:
    """Raise RecipeError (E037) naming every node whose estimate exceeds the budget."""
    from gandsl.errors import Diagnostic

    diagnostics = []
    for name in names:
        node = recipe.nodes[name]
        need = estimate(recipe, node)
        side = _gif_side(recipe, node)
        if side is not None:
            diagnostics.append(side)
        elif need > budget:
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
