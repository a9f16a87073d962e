"""render op `sheet`: a PNG grid of samples from a train node."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.ops.registry import OpSpec, ParamSpec
from gandsl.ops.shared import artifact_loader, save_artifact as save, UPSCALE_PARAMS  # noqa: F401
from gandsl.lang.values import Size

SPEC = OpSpec(
    stage="render",
    name="sheet",
    version=1,
    help="a PNG grid of samples from a train node",
    params=(
        ParamSpec("from", "node", help="the train node to sample", stages=("train",)),
        ParamSpec("out", "out", None, "output file inside the output folder (default: NODE.png)"),
        ParamSpec("grid", "size", Size(8, 8), "WxH samples"),
        ParamSpec("truncation", "float", 1.0, "latent truncation", lo=0.0, hi=4.0),
        ParamSpec("seed", "int", 0, "random seed of the latents", lo=0),
        *UPSCALE_PARAMS,
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Path:
    """Sample a grid of latents from the generator and write it as one PNG."""
    import numpy as np

    from gandsl.render.embed import meta_text
    from gandsl.render.output import artifact_path
    from gandsl.render.png import write_png
    from gandsl.render.sample import generate
    from gandsl.render.tile import tile, upscale
    from gandsl.render.walk import filled

    p = filled(SPEC, params)
    trained, grid = inputs["from"], p["grid"]
    cells = grid.w * grid.h
    z = np.random.default_rng(int(p["seed"])).standard_normal((cells, int(trained.latent)))
    images = generate(trained, z * float(p["truncation"]), ctx.device, 64)
    sheet = upscale(tile(images[None], grid), int(p["scale"]), p["filter"])[0]
    target = artifact_path(ctx.tmp_dir, "png")
    write_png(sheet, target, meta_text(ctx.recipe_meta))
    return target


load = artifact_loader("png")
