"""walk op `slerp`: spherical interpolation through keyframe latents from `seeds`."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from gandsl.errors import NodeFailed
from gandsl.ops.registry import OpSpec, ParamSpec
from gandsl.values import Duration, Size, EASINGS

if TYPE_CHECKING:
    from gandsl.frames import Clip

SPEC = OpSpec(
    stage="walk",
    name="slerp",
    version=1,
    help="spherical interpolation through keyframe latents from `seeds`",
    params=(
        ParamSpec("from", "node", help="the train node whose (EMA) generator to walk", stages=("train",)),
        ParamSpec("frames", "int", 0, "number of frames; 0 takes duration x fps", lo=0, hi=100_000),
        ParamSpec("duration", "duration", Duration(4.0), "length of the animation"),
        ParamSpec("fps", "float", 24.0, "frames per second", lo=1.0, hi=240.0),
        ParamSpec("grid", "size", Size(1, 1), "WxH independent walks tiled in one frame"),
        ParamSpec("truncation", "float", 1.0, "latent truncation (scale of z); may be a keyframe track", lo=0.0, hi=4.0, track=True),
        ParamSpec("ease", "str", "linear", "easing of time along the walk", choices=EASINGS),
        ParamSpec("seed", "int", 0, "random seed of the latents", lo=0),
        ParamSpec("batch", "int", 64, "frames generated per batch", lo=1, hi=4096, keyed=False),
        ParamSpec("seeds", "seeds", [0, 1, 2, 3], "keyframe latents, one per seed (a list or a range)"),
        ParamSpec("loop", "bool", True, "close the walk back to the first keyframe"),
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Clip:
    """Frames along a slerp through the `seeds` keyframes, looping back when `loop`."""
    from gandsl import walks
    from gandsl.render.walk import filled, run_walk

    p = filled(SPEC, params)
    seeds = [int(s) for s in p["seeds"]]
    if not seeds:
        raise NodeFailed(f"walk {ctx.node}: `seeds` is empty", code="E501",
                         help="give at least two seeds, e.g. `seeds = 0..4`")

    def path(n: int, cells: int, latent: int) -> Any:
        keys = walks.key_latents(p["seed"], seeds, cells, latent)
        return walks.slerp_path(keys, walks.phases(n, p["loop"]), p["loop"], p["ease"])

    return run_walk(ctx, p, inputs["from"], path)


def save(value: Clip, path: Path) -> None:
    """Store the value in a store directory."""
    from gandsl.frames import save_clip

    save_clip(value, path)


def load(path: Path) -> Clip:
    """The stored value back."""
    from gandsl.frames import load_clip

    return load_clip(path)
