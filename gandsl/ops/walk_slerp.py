"""walk op `slerp`: spherical interpolation through keyframe latents from `seeds`."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gandsl.errors import NodeFailed
from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.shared import LATENTS_PARAM, WALK_PARAMS, walk_keys, load_clip as load, save_clip as save  # noqa: F401
from gandsl.ops.context import RunContext

if TYPE_CHECKING:
    from gandsl.render.clip import Clip

SPEC = OpSpec(
    stage="walk",
    name="slerp",
    version=1,
    help="spherical interpolation through keyframe latents from `seeds`",
    params=(
        *WALK_PARAMS,
        ParamSpec("seeds", "seeds", [0, 1, 2, 3], "keyframe latents, one per seed (a list or a range)"),
        LATENTS_PARAM,
        ParamSpec("loop", "bool", True, "close the walk back to the first keyframe"),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Clip:
    """Frames along a slerp through the `seeds` keyframes, looping back when `loop`."""
    from gandsl.render import paths as walks
    from gandsl.render.walk import filled, run_walk

    p = filled(SPEC, params)
    seeds = [int(s) for s in p["seeds"]]
    if not seeds and inputs.get("latents") is None:
        raise NodeFailed(f"walk {ctx.node}: `seeds` is empty", code="E501",
                         help="give at least two seeds, e.g. `seeds = 0..4`")

    def path(n: int, cells: int, latent: int) -> Any:
        keys = walk_keys(ctx, p, inputs, cells, latent)
        return walks.slerp_path(keys, walks.phases(n, p["loop"]), p["loop"], p["ease"])

    return run_walk(ctx, p, inputs["from"], path)

