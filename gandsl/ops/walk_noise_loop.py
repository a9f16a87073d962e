"""walk op `noise_loop`: smooth periodic noise per latent dimension."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_walk import (walk_shape as shape, WALK_PARAMS, load_clip as load,  # noqa: F401
                                    save_clip as save)
from gandsl.lang.values import sample
from gandsl.context import RunContext
from gandsl.ops.common_pattern import walk_check

if TYPE_CHECKING:
    from gandsl.render.clip import Clip

SPEC = OpSpec(
    stage="walk",
    name="noise_loop",
    version=1,
    help="smooth periodic noise per latent dimension",
    params=(
        *WALK_PARAMS,
        ParamSpec("harmonics", "int", 3, "number of sine harmonics per dimension (higher: busier)", lo=1, hi=32),
        ParamSpec("radius", "float", 1.0, "amplitude of the motion; may be a keyframe track", lo=0.0, hi=10.0, track=True),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Clip:
    """Frames along a loop of smooth periodic noise around a base latent."""
    from gandsl.render import paths as walks
    from gandsl.render.walk import run_walk

    p = params
    fps = float(p["fps"])

    def path(n: int, cells: int, latent: int) -> Any:
        radius = sample(p["radius"], n, fps)
        return walks.noise_loop_path(p["seed"], cells, latent, walks.phases(n, True),
                                     int(p["harmonics"]), radius, p["ease"])

    return run_walk(ctx, p, inputs["from"], path)


check_deep = walk_check  # `size`: pattern models only, a multiple of their step
