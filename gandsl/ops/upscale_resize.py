"""upscale op `resize`: frames enlarged by a classical filter (bicubic, lanczos, nearest)."""
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
    name="resize",
    version=1,
    help="frames enlarged by a classical filter (bicubic, lanczos, nearest)",
    params=(
        UPSCALE_INPUT,
        ParamSpec("factor", "int", 4, "integer upscale factor", lo=1, hi=16),
        ParamSpec("filter", "str", "bicubic", "resampling filter",
                  choices=("bicubic", "lanczos", "nearest")),
        ParamSpec("tile", "bool", False, "the frames tile (a `pattern` walk): upscale around the "
                  "torus, so the enlarged frames still tile", added=True),
    ),
)


def shape(params: dict[str, Any], shapes: Any) -> Any:
    """Its frames enlarged by `factor`."""
    inner = shapes.of(params.get("frames"))
    return inner.enlarged(int(params["factor"])) if inner is not None else None


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Clip:
    """The input frames, each enlarged `factor` times (the fps is kept)."""
    from gandsl.render.clip import Clip
    from gandsl.render.upscale import as_clip, resize

    clip = as_clip(inputs["frames"])
    return Clip(resize(clip.frames, int(params["factor"]), params["filter"],
                       bool(params.get("tile", False))), clip.fps)
