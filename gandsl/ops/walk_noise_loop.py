"""walk op `noise_loop`: smooth periodic noise per latent dimension."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from gandsl.ops.registry import OpSpec, ParamSpec
from gandsl.values import EASINGS, Duration, Size, sample

if TYPE_CHECKING:
    from gandsl.frames import Clip

SPEC = OpSpec(
    stage="walk",
    name="noise_loop",
    version=1,
    help="smooth periodic noise per latent dimension",
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
        ParamSpec("harmonics", "int", 3, "number of sine harmonics per dimension (higher: busier)", lo=1, hi=32),
        ParamSpec("radius", "float", 1.0, "amplitude of the motion; may be a keyframe track", lo=0.0, hi=10.0, track=True),
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Clip:
    """Frames along a loop of smooth periodic noise around a base latent."""
    from gandsl import walks
    from gandsl.render.walk import filled, run_walk

    p = filled(SPEC, params)
    fps = float(p["fps"])

    def path(n: int, cells: int, latent: int) -> Any:
        radius = sample(p["radius"], n, fps)
        return walks.noise_loop_path(p["seed"], cells, latent, walks.phases(n, True),
                                     int(p["harmonics"]), radius, p["ease"])

    return run_walk(ctx, p, inputs["from"], path)


def save(value: Clip, path: Path) -> None:
    """Store the value in a store directory."""
    from gandsl.frames import save_clip

    save_clip(value, path)


def load(path: Path) -> Clip:
    """The stored value back."""
    from gandsl.frames import load_clip

    return load_clip(path)
