"""render op `gif`: an animated GIF that loops forever, with an adaptive palette."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.ops.registry import OpSpec, ParamSpec

SPEC = OpSpec(
    stage="render",
    name="gif",
    version=1,
    help="an animated GIF that loops forever, with an adaptive palette",
    params=(
        ParamSpec("frames", "node", help="the walk node to render", stages=("walk",)),
        ParamSpec("out", "out", None, "output file inside the output folder (default: NODE.gif)"),
        ParamSpec("fps", "float", 0.0, "frames per second; 0 takes the walk's", lo=0.0, hi=240.0),
        ParamSpec("scale", "int", 1, "integer upscale", lo=1, hi=32),
        ParamSpec("filter", "str", "nearest", "upscale filter", choices=("nearest", "lanczos")),
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    raise NotImplementedError("render gif: not implemented yet")


def save(value: Any, path: Path) -> None:
    raise NotImplementedError


def load(path: Path) -> Any:
    raise NotImplementedError
