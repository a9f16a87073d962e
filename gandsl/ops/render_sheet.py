"""render op `sheet`: a PNG grid of samples from a train node."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.ops.registry import OpSpec, ParamSpec
from gandsl.values import Size

SPEC = OpSpec(
    stage="render",
    name="sheet",
    version=1,
    help="a PNG grid of samples from a train node",
    params=(
        ParamSpec("from", "node", help="the train node to sample", stages=("train",)),
        ParamSpec("out", "out", None, "output file inside the output folder (default: NODE.png)"),
        ParamSpec("grid", "size", Size(8, 8), "WxH samples"),
        ParamSpec("truncation", "float", 1.0, "latent truncation", lo=0.0, hi=4.0),
        ParamSpec("seed", "int", 0, "random seed of the latents", lo=0),
        ParamSpec("scale", "int", 1, "integer upscale", lo=1, hi=32),
        ParamSpec("filter", "str", "nearest", "upscale filter", choices=("nearest", "lanczos")),
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    raise NotImplementedError("render sheet: not implemented yet")


def save(value: Any, path: Path) -> None:
    raise NotImplementedError


def load(path: Path) -> Any:
    raise NotImplementedError
