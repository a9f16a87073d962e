"""The shared body of walk ops: frame count, latent path, truncation, batched sampling, tiling."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from gandsl.render.clip import Clip
from gandsl.spec import OpSpec
from gandsl.render.sample import generate
from gandsl.render.tile import tile
from gandsl.lang.values import sample
from gandsl.render.paths import frame_count
from gandsl.ops.context import RunContext

# path(n_frames, cells, latent) -> latents [n_frames, cells, latent]
PathFn = Callable[[int, int, int], np.ndarray]


def filled(spec: OpSpec, params: dict[str, Any]) -> dict[str, Any]:
    """Params with the op's defaults filled in for anything missing."""
    full = {p.name: p.default for p in spec.params if not p.required}
    full.update(params)
    return full


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
    z = path(n, cells, int(trained.latent))
    z = z * np.asarray(sample(params["truncation"], n, fps))[:, None, None]
    cond = walk_classes(ctx, params, trained, n, cells, embeds)
    task = ctx.progress.task(f"{ctx.node}: frames", n * cells)
    try:
        images = generate(trained, z.reshape(n * cells, -1), ctx.device,
                          int(params["batch"]) * cells, task, cond)
    finally:
        task.close()
    return Clip(tile(images.reshape(n, cells, *images.shape[1:]), grid), fps)


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
