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
    version=2,
    help="a PNG grid of samples from a train node",
    params=(
        ParamSpec("from", "node", help="the train node to sample", stages=("train",)),
        ParamSpec("out", "out", None, "output file inside the output folder (default: NODE.png)"),
        ParamSpec("grid", "size", Size(8, 8), "WxH samples"),
        ParamSpec("truncation", "float", 1.0, "latent truncation", lo=0.0, hi=4.0),
        ParamSpec("seed", "int", 0, "random seed of the latents", lo=0),
        ParamSpec("by_class", "bool", False, "one row per class of a conditional train node "
                  "(grid width samples each, sharing latents by column); the PNG's "
                  "`gandsl:classes` text lists the rows"),
        ParamSpec("upscale", "node", None, "an `srgan` train node that enlarges each sample",
                  stages=("train",)),
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
    z, cond, extra = latents(ctx, p, trained)
    grid = Size(grid.w, len(z) // grid.w)
    images = generate(trained, z * float(p["truncation"]), ctx.device, 64, cond=cond)
    if inputs.get("upscale") is not None:
        from gandsl.render.upscale import learned

        images = learned(images, inputs["upscale"], ctx.device, 16)
    sheet = upscale(tile(images[None], grid), int(p["scale"]), p["filter"])[0]
    target = artifact_path(ctx.tmp_dir, "png")
    write_png(sheet, target, meta_text(ctx.recipe_meta), extra)
    return target


def latents(ctx: Any, p: dict[str, Any], trained: Any) -> tuple[Any, Any, dict[str, str]]:
    """(z [cells, L], classes [cells] or None, extra PNG text) of the sheet, row by row."""
    import json

    import numpy as np

    from gandsl.gan.conditional import class_names, resolve_class

    grid, names = p["grid"], class_names(trained)
    rng = np.random.default_rng(int(p["seed"]))
    if not p["by_class"]:
        return rng.standard_normal((grid.w * grid.h, int(trained.latent))), None, {}
    if not names:
        resolve_class(0, names, ctx.node)  # raises: not conditional
    z = rng.standard_normal((grid.w, int(trained.latent)))
    rows = len(names)
    return (np.tile(z, (rows, 1)), np.repeat(np.arange(rows), grid.w),
            {"gandsl:classes": json.dumps(names)})


load = artifact_loader("png")
