"""The shared body of walk ops: frame count, latent path, truncation, batched sampling, tiling."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from gandsl.render.clip import Clip
from gandsl.ops.registry import OpSpec
from gandsl.render.sample import generate
from gandsl.render.tile import tile
from gandsl.lang.values import sample
from gandsl.render.paths import frame_count

# path(n_frames, cells, latent) -> latents [n_frames, cells, latent]
PathFn = Callable[[int, int, int], np.ndarray]


def filled(spec: OpSpec, params: dict[str, Any]) -> dict[str, Any]:
    """Params with the op's defaults filled in for anything missing."""
    full = {p.name: p.default for p in spec.params if not p.required}
    full.update(params)
    return full


def run_walk(ctx: Any, params: dict[str, Any], trained: Any, path: PathFn) -> Clip:
    """Sample the generator along a latent path and tile the grid cells into frames."""
    fps = float(params["fps"])
    n = frame_count(int(params["frames"]), params["duration"], fps)
    grid = params["grid"]
    cells = grid.w * grid.h
    z = path(n, cells, int(trained.latent))
    z = z * np.asarray(sample(params["truncation"], n, fps))[:, None, None]
    task = ctx.progress.task(f"{ctx.node}: frames", n * cells)
    try:
        images = generate(trained, z.reshape(n * cells, -1), ctx.device,
                          int(params["batch"]) * cells, task)
    finally:
        task.close()
    return Clip(tile(images.reshape(n, cells, *images.shape[1:]), grid), fps)
