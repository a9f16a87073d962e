"""walk op `great_circle`: an exact loop on a great circle that keeps the latent norm."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_walk import (walk_shape as shape, WALK_PARAMS, load_clip as load,  # noqa: F401
                                    save_clip as save)
from gandsl.context import RunContext
from gandsl.ops.common_pattern import walk_check

if TYPE_CHECKING:
    from gandsl.render.clip import Clip

SPEC = OpSpec(
    stage="walk",
    name="great_circle",
    version=2,
    help="an exact loop on a great circle that keeps the latent norm",
    params=(
        *WALK_PARAMS,
        ParamSpec("turns", "int", 1, "whole turns; each turn goes round another great circle (the "
                  "circle's plane turns once over the walk), and the loop stays exact", lo=1, hi=100),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Clip:
    """Frames round a great circle of the latent sphere, `turns` times."""
    from gandsl.render import paths as walks
    from gandsl.render.walk import run_walk

    p = params

    def path(n: int, cells: int, latent: int) -> Any:
        u = walks.phases(n, True)
        return walks.great_circle_path(p["seed"], cells, latent, u, int(p["turns"]), p["ease"])

    return run_walk(ctx, p, inputs["from"], path)


check_deep = walk_check  # `size`: pattern models only, a multiple of their step
