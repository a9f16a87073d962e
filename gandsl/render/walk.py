"""The shared body of walk ops: frame count, latent path, truncation, batched sampling, tiling;
and of the keyframe walks (slerp, spline) that pass through the latents of `seeds`."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from gandsl.errors import NodeFailed
from gandsl.gan.pattern_grid import is_pattern, latent_size, to_grid
from gandsl.render.clip import Clip
from gandsl.render.sample import generate
from gandsl.render.tile import tile
from gandsl.lang.values import sample
from gandsl.render.paths import frame_count, key_latents
from gandsl.context import RunContext

# path(n_frames, cells, latent) -> latents [n_frames, cells, latent]
PathFn = Callable[[int, int, int], np.ndarray]
# through(keys [K, cells, latent], n_frames, params) -> latents [n_frames, cells, latent]
KeyPathFn = Callable[[np.ndarray, int, dict[str, Any]], np.ndarray]


def run_walk(ctx: RunContext, params: dict[str, Any], trained: Any, path: PathFn,
             embeds: Callable[[int, int], np.ndarray] | None = None) -> Clip:
    """Sample the generator along a latent path and tile the grid cells into frames.

    A conditional generator draws each cell from `class` (else cell i from class i mod k),
    or from class embeddings embeds(n, cells) -> [n, cells, E] (class morphs).
    """
    fps = float(params["fps"])
    n = frame_count(int(params["frames"]), params["duration"], fps)
    grid = params["grid"]
    cells = grid.w * grid.h
    rep = params.get("repeat")
    grid_hw = pattern_grid(ctx, trained, params.get("size"), rep is not None and rep.w * rep.h > 1)
    z = path(n, cells, latent_size(trained.model, *grid_hw) if grid_hw else int(trained.latent))
    z = z * np.asarray(sample(params["truncation"], n, fps))[:, None, None]
    cond = walk_classes(ctx, params, trained, n, cells, embeds)
    z = z.reshape(n * cells, -1)
    if grid_hw:  # flat latents as noise grids [n*cells, L+l, h, w]: every frame tiles
        z = to_grid(z, trained.model, *grid_hw)
    task = ctx.progress.task(f"{ctx.node}: frames", n * cells)
    try:
        images = generate(trained, z, ctx.device, int(params["batch"]) * cells, task, cond)
    finally:
        task.close()
    rep = params.get("repeat")
    if rep is not None and rep.w * rep.h > 1:  # pattern frames tile: show the repeat
        images = np.tile(images, (1, rep.h, rep.w, 1))
    return Clip(tile(images.reshape(n, cells, *images.shape[1:]), grid), fps)


def pattern_grid(ctx: RunContext, trained: Any, size: Any, repeat: bool) -> tuple[int, int] | None:
    """(h, w) noise cells of a pattern model's frames (`size`, else its resolution); else None."""
    spec = trained.model if isinstance(getattr(trained, "model", None), dict) else {}
    if not is_pattern(spec):
        if size is not None or repeat:
            raise NodeFailed(f"walk {ctx.node}: `size` and `repeat` need a pattern model", code="E330",
                             help="remove them, or walk a train node of a `pattern` model")
        return None
    step = int(spec["step"])
    h, w = (size.h, size.w) if size is not None else (spec["resolution"], spec["resolution"])
    if h % step or w % step:
        raise NodeFailed(f"walk {ctx.node}: size {w}x{h} is not a multiple of the step {step}",
                         code="E330", help=f"give a `size` whose sides are multiples of {step}")
    return h // step, w // step


def walk_classes(ctx: RunContext, params: dict[str, Any], trained: Any, n: int, cells: int,
                 embeds: Callable[[int, int], np.ndarray] | None) -> np.ndarray | None:
    """Per-sample classes [n * cells] or embeddings [n * cells, E]; None when unconditional."""
    from gandsl.gan.conditional import class_names, resolve_class

    names = class_names(trained)
    if not names:
        if params.get("class") is not None or embeds is not None:
            resolve_class(params.get("class", 0), names, ctx.node)  # raises: not conditional
        return None
    if embeds is not None:
        e = embeds(n, cells)
        return e.reshape(n * cells, e.shape[-1])
    if params.get("class") is not None:
        per_cell = np.full(cells, resolve_class(params["class"], names, ctx.node))
    else:
        per_cell = np.arange(cells) % len(names)
    return np.tile(per_cell, n)


def run_keyframe_walk(ctx: RunContext, params: dict[str, Any], trained: Any,
                      through: KeyPathFn, least: str, keys: Any = None) -> Clip:
    """A walk through keyframe latents along the path `through` draws.

    The keyframes are `keys(p, cells, latent)` when given (a project node's latents), else `seeds`.
    """
    p = params
    seeds = [int(s) for s in p["seeds"]]
    if not seeds and keys is None:
        raise NodeFailed(f"walk {ctx.node}: `seeds` is empty", code="E501",
                         help=f"give at least {least} seeds, e.g. `seeds = 0..4`")

    def path(n: int, cells: int, latent: int) -> np.ndarray:
        found = keys(p, cells, latent) if keys else key_latents(p["seed"], seeds, cells, latent)
        return through(found, n, p)

    return run_walk(ctx, p, trained, path)
