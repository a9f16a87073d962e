"""walk op `spline`: periodic cubic spline through keyframe latents from `seeds`."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_walk import (LATENTS_PARAM, WALK_PARAMS, keyframe_walk,  # noqa: F401
                                    load_clip as load, save_clip as save, walk_shape as shape)
from gandsl.context import RunContext
from gandsl.ops.common_pattern import walk_check

if TYPE_CHECKING:
    from gandsl.render.clip import Clip

SPEC = OpSpec(
    stage="walk",
    name="spline",
    version=1,
    help="periodic cubic spline through keyframe latents from `seeds`",
    params=(
        *WALK_PARAMS,
        ParamSpec("seeds", "seeds", [0, 1, 2, 3], "keyframe latents, one per seed (a list or a range)"),
        LATENTS_PARAM,
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Clip:
    """Frames along a periodic cubic spline through the `seeds` keyframes."""
    return keyframe_walk(ctx, params, inputs, _through, least="three")


def _through(keys: Any, n: int, p: dict[str, Any]) -> Any:
    """Latents [n, cells, latent] through keys [K, cells, latent]."""
    from gandsl.render.paths import phases, spline_path

    return spline_path(keys, phases(n, True), p["ease"])


check_deep = walk_check  # `size`: pattern models only, a multiple of their step
