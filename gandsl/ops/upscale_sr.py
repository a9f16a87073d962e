"""upscale op `sr`: frames enlarged by a trained upscaler (`train srgan`), batched and deterministic."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_walk import UPSCALE_INPUT, load_clip as load, save_clip as save  # noqa: F401
from gandsl.context import RunContext
from gandsl.ops.common_pattern import tile_check as check_deep  # noqa: F401

if TYPE_CHECKING:
    from gandsl.render.clip import Clip

SPEC = OpSpec(
    stage="upscale",
    name="sr",
    version=1,
    enlarges=("model", "frames"),  # its upscaler must match these frames' channels
    help="frames enlarged by a trained upscaler (`train srgan`), batched and deterministic",
    params=(
        UPSCALE_INPUT,
        ParamSpec("model", "node", help="the `srgan` train node whose upscaler to use",
                  stages=("train",), ops=("srgan",)),
        ParamSpec("batch", "int", 16, "frames upscaled per batch", lo=1, hi=4096, keyed=False),
        ParamSpec("tile", "bool", False, "the frames tile (a `pattern` walk): upscale around the "
                  "torus, so the enlarged frames still tile", added=True),
    ),
)


def shape(params: dict[str, Any], shapes: Any) -> Any:
    """Its frames enlarged by its `srgan` model's factor."""
    inner, model = shapes.of(params.get("frames")), shapes.node(params.get("model"))
    if inner is None or model is None or model.op != "srgan":
        return None
    return inner.enlarged(int(model.params["factor"]))


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Clip:
    """The input frames, each enlarged `factor` times by the model (the fps is kept)."""
    from gandsl.render.clip import Clip
    from gandsl.render.upscale import as_clip, learned

    clip = as_clip(inputs["frames"])
    task = ctx.progress.task(f"{ctx.node}: frames", len(clip.frames))
    try:
        frames = learned(clip.frames, inputs["model"], ctx.device, int(params.get("batch", 16)), task,
                         bool(params.get("tile", False)))
    finally:
        task.close()
    return Clip(frames, clip.fps)
