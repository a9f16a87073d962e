"""render op `mp4`: an H.264 MP4 (yuv420p, even dimensions) through imageio-ffmpeg."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.ops.registry import OpSpec, ParamSpec

SPEC = OpSpec(
    stage="render",
    name="mp4",
    version=1,
    help="an H.264 MP4 (yuv420p, even dimensions) through imageio-ffmpeg",
    params=(
        ParamSpec("frames", "node", help="the walk node to render", stages=("walk",)),
        ParamSpec("out", "out", None, "output file inside the output folder (default: NODE.mp4)"),
        ParamSpec("fps", "float", 0.0, "frames per second; 0 takes the walk's", lo=0.0, hi=240.0),
        ParamSpec("scale", "int", 1, "integer upscale", lo=1, hi=32),
        ParamSpec("filter", "str", "nearest", "upscale filter", choices=("nearest", "lanczos")),
        ParamSpec("quality", "int", 8, "encoder quality, 0 (worst) to 10 (best)", lo=0, hi=10),
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    raise NotImplementedError("render mp4: not implemented yet")


def save(value: Any, path: Path) -> None:
    raise NotImplementedError


def load(path: Path) -> Any:
    raise NotImplementedError
