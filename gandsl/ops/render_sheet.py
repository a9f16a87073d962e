"""render op `sheet`: a PNG grid of samples from a train node."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_render import (artifact_loader, save_artifact as save, UPSCALE_PARAMS)
from gandsl.lang.values import Size
from gandsl.context import RunContext

SPEC = OpSpec(
    classes_when="by_class",
    stage="render",
    name="sheet",
    version=4,
    enlarges=("upscale", "from"),  # its upscaler must match these frames' channels
    artifact="png",
    numerics=True,  # samples or upscales with torch
    help="a PNG grid of samples from a train node; from a project node, originals beside their reconstructions",
    params=(
        ParamSpec("from", "node", help="the train node to sample", stages=("train",), ops=("gan", "project")),
        ParamSpec("out", "out", None, "output file inside the output folder (default: NODE.png)"),
        ParamSpec("grid", "size", Size(8, 8), "WxH samples"),
        ParamSpec("truncation", "float", 1.0, "latent truncation", lo=0.0, hi=4.0),
        ParamSpec("seed", "int", 0, "random seed of the latents", lo=0),
        ParamSpec("by_class", "bool", False, "one row per class of a conditional train node "
                  "(grid width samples each, sharing latents by column); the PNG's "
                  "`gandsl:classes` text lists the rows"),
        ParamSpec("upscale", "node", None, "an `srgan` train node that enlarges each sample",
                  stages=("train",), ops=("srgan",)),
        ParamSpec("seeds", "seeds", None, "one cell per seed, `grid.w` to a row (e.g. 0..63): a "
                  "walk with the same `seed` and `seeds = [14, 27]` goes through those samples"),
        ParamSpec("labels", "bool", False, "print each cell's seed under it (needs `seeds`)"),
        *UPSCALE_PARAMS,
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Path:
    """Sample a grid of latents from the generator and write it as one PNG."""
    import numpy as np

    from gandsl.render.metadata import meta_text
    from gandsl.render.output import artifact_path
    from gandsl.render.png import write_png
    from gandsl.render.sample import generate

    p = params
    trained, grid = inputs["from"], p["grid"]
    if hasattr(trained, "pairs"):  # a project node: originals | reconstructions
        from gandsl.render.pairs import pairs_png

        return pairs_png(ctx, trained, grid, int(p["scale"]), p["filter"])
    z, cond, extra = latents(ctx, p, trained)
    columns = min(grid.w, len(z))
    grid = Size(columns, -(-len(z) // columns))  # a seeds sheet's last row may be short
    images = generate(trained, z * float(p["truncation"]), ctx.device, 64, cond=cond)
    if isinstance(trained.model, dict) and trained.model.get("arch") == "pattern":
        images = np.tile(images, (1, 2, 2, 1))  # each tile repeated 2x2: the eye judges the repeat
    if inputs.get("upscale") is not None:
        from gandsl.render.upscale import learned

        images = learned(images, inputs["upscale"], ctx.device, 16)
    labels = [str(s) for s in p["seeds"]] if p["labels"] and p["seeds"] else None
    sheet = layout(images, grid, int(p["scale"]), p["filter"], labels)
    target = artifact_path(ctx.tmp_dir, "png")
    write_png(sheet, target, meta_text(ctx.recipe_meta), extra)
    return target


def layout(images: Any, grid: Size, scale: int, filter: str, labels: list[str] | None) -> Any:
    """Cells [n, H, W, C] tiled (blank cells fill a short last row) and upscaled; labels are
    drawn at the final size under their cells."""
    import numpy as np

    from gandsl.render.labels import labelled
    from gandsl.render.tile import tile, upscale

    cells = labelled(upscale(images, scale, filter), labels) if labels else images
    blank = np.zeros((grid.w * grid.h - len(cells), *cells.shape[1:]), np.uint8)
    sheet = tile(np.concatenate([cells, blank])[None], grid)[0]
    return sheet if labels else upscale(sheet[None], scale, filter)[0]


def latents(ctx: RunContext, p: dict[str, Any], trained: Any) -> tuple[Any, Any, dict[str, str]]:
    """(z [cells, L], classes [cells] or None, extra PNG text) of the sheet, row by row; with
    `seeds`, seed s draws the latent a walk with the same `seed` has at key s (its first cell)."""
    import json

    import numpy as np

    from gandsl.gan.conditional import class_names, resolve_class
    from gandsl.render.paths import key_latents

    grid, names = p["grid"], class_names(trained)
    rng = np.random.default_rng(int(p["seed"]))
    if p["seeds"] and not p["by_class"]:
        seeds = [int(s) for s in p["seeds"]]
        return key_latents(int(p["seed"]), seeds, 1, int(trained.latent))[:, 0], None, {}
    if not p["by_class"]:
        return rng.standard_normal((grid.w * grid.h, int(trained.latent))), None, {}
    if not names:
        resolve_class(0, names, ctx.node)  # raises: not conditional
    z = rng.standard_normal((grid.w, int(trained.latent)))
    rows = len(names)
    return (np.tile(z, (rows, 1)), np.repeat(np.arange(rows), grid.w),
            {"gandsl:classes": json.dumps(names)})


def check(params: dict[str, Any], upstream: dict[str, Any]) -> list:
    """Labels name seeds, so they need `seeds`."""
    from gandsl.lang.check_nodes import Problem

    if params.get("labels") and not params.get("seeds"):
        return [Problem("E074", "`labels` prints each cell's seed, but the sheet has no `seeds`",
                        "labels", "needs `seeds`", "add `seeds = 0..63` (one cell per seed)")]
    return []


load = artifact_loader("png")


def estimate(params: dict[str, Any], shapes: Any) -> int:
    """Every cell (`seeds`, else `grid`) at the upscaler's factor, then enlarged by `scale`."""
    sample = shapes.of(params.get("from"))
    if sample is None:
        return 0
    upscaler = shapes.node(params.get("upscale"))
    factor = int(upscaler.params.get("factor") or 1) if upscaler is not None else 1
    seeds, grid = params.get("seeds"), params.get("grid")
    cells = len(seeds) if isinstance(seeds, (list, tuple, range)) else grid.w * grid.h
    scale = int(params.get("scale") or 1)
    return cells * (sample.h * factor) * (sample.w * factor) * sample.c * (1 + scale * scale)
