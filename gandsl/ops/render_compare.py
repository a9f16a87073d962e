"""render op `compare`: a PNG laying out nearest / bicubic / learned upscaling of the same frames."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.errors import NodeFailed
from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_render import artifact_loader, save_artifact as save  # noqa: F401
from gandsl.ops.common_walk import UPSCALE_INPUT
from gandsl.context import RunContext

SPEC = OpSpec(
    stage="render",
    name="compare",
    version=2,
    enlarges=("model", "frames"),  # its upscaler must match these frames' channels
    artifact="png",
    numerics=True,  # samples or upscales with torch
    help="a PNG laying out nearest / bicubic / learned upscaling of the same frames",
    params=(
        UPSCALE_INPUT,
        ParamSpec("model", "node", help="the `srgan` train node (the `learned` column)",
                  stages=("train",), ops=("srgan",)),
        ParamSpec("out", "out", None, "output file inside the output folder (default: NODE.png)"),
        ParamSpec("count", "int", 4, "frames compared (rows), spread evenly over the input",
                  lo=1, hi=64),
        ParamSpec("labels", "bool", True, "name the columns above them"),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Path:
    """Lay out the comparison and write it as one PNG carrying the recipe."""
    from gandsl.render.compare import compare_sheet
    from gandsl.render.embed import meta_text
    from gandsl.render.output import artifact_path
    from gandsl.render.png import write_png
    from gandsl.render.upscale import as_clip

    clip = as_clip(inputs["frames"])
    if len(clip.frames) == 0:
        raise NodeFailed(f"render {ctx.node}: no frames to compare", code="E521")
    sheet = compare_sheet(clip.frames, inputs["model"], ctx.device, int(params.get("count", 4)),
                          bool(params.get("labels", True)))
    target = artifact_path(ctx.tmp_dir, "png")
    write_png(sheet, target, meta_text(ctx.recipe_meta))
    return target


load = artifact_loader("png")
