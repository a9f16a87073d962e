"""stylize op `translate`: frames painted by a trained translator (`train translate`), at any size."""
from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from gandsl.context import RunContext
from gandsl.ops.common_walk import UPSCALE_INPUT, load_clip as load, save_clip as save  # noqa: F401
from gandsl.spec import OpSpec, ParamSpec

if TYPE_CHECKING:
    from gandsl.render.clip import Clip

SPEC = OpSpec(
    stage="stylize",
    name="translate",
    version=1,
    help="frames painted by a trained translator (`train translate`) at their own size, in seamless "
         "tiles when large; deterministic",
    params=(
        dataclasses.replace(UPSCALE_INPUT, help="frames to paint: a walk, upscale, stylize or data node "
                            "(its images in order)"),
        ParamSpec("model", "node", help="the `translate` train node whose generator paints",
                  stages=("train",), ops=("translate",)),
        ParamSpec("strength", "float", 1.0, "how much of the style: 0 keeps the frames, 1 is the "
                  "translator's full output (a blend in between)", lo=0.0, hi=1.0),
        ParamSpec("batch", "int", 4, "frames painted per batch (large frames go one at a time)",
                  lo=1, hi=4096, keyed=False),
    ),
)


def shape(params: dict[str, Any], shapes: Any) -> Any:
    """Its frames at their size, with the channels of the model's `b` images."""
    inner, model = shapes.of(params.get("frames")), shapes.node(params.get("model"))
    if inner is None or model is None or model.op != "translate":
        return None
    b = shapes.of(model.params.get("b"))
    return dataclasses.replace(inner, c=b.c) if b is not None else None


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Clip:
    """The input frames painted by the model (the fps is kept)."""
    from gandsl.render.clip import Clip
    from gandsl.render.stylize import stylize
    from gandsl.render.upscale import as_clip

    clip = as_clip(inputs["frames"])
    task = ctx.progress.task(f"{ctx.node}: frames", len(clip.frames))
    try:
        frames = stylize(clip.frames, inputs["model"], float(params["strength"]), ctx.device,
                         int(params.get("batch", 4)), task=task)
    finally:
        task.close()
    return Clip(frames, clip.fps)
