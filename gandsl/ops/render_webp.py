"""render op `webp`: an animated WebP that loops forever."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.ops.registry import OpSpec, ParamSpec

SPEC = OpSpec(
    stage="render",
    name="webp",
    version=1,
    help="an animated WebP that loops forever",
    params=(
        ParamSpec("frames", "node", help="the walk node to render", stages=("walk",)),
        ParamSpec("out", "out", None, "output file inside the output folder (default: NODE.webp)"),
        ParamSpec("fps", "float", 0.0, "frames per second; 0 takes the walk's", lo=0.0, hi=240.0),
        ParamSpec("scale", "int", 1, "integer upscale", lo=1, hi=32),
        ParamSpec("filter", "str", "nearest", "upscale filter", choices=("nearest", "lanczos")),
        ParamSpec("quality", "int", 90, "0-100; 100 with lossless", lo=0, hi=100),
        ParamSpec("lossless", "bool", False, "lossless encoding"),
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    raise NotImplementedError("render webp: not implemented yet")


def save(value: Any, path: Path) -> None:
    raise NotImplementedError


def load(path: Path) -> Any:
    raise NotImplementedError
