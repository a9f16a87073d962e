"""data op `textures`: random crops of textures (brick, grass, gravel) or of `image`."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.ops.registry import OpSpec, ParamSpec

SPEC = OpSpec(
    stage="data",
    name="textures",
    version=1,
    help="random crops of textures (brick, grass, gravel) or of `image`",
    params=(
        ParamSpec("size", "int", 32, "image side in pixels (square)", lo=8, hi=256),
        ParamSpec("source", "str", "all", "which built-in texture", choices=("all", "brick", "grass", "gravel")),
        ParamSpec("image", "path", None, "an image file to crop instead of a built-in one"),
        ParamSpec("crop", "int", 96, "side of each random crop before resizing, in source pixels", lo=8, hi=4096),
        ParamSpec("channels", "int", 3, "1 (grey) or 3 (RGB)", lo=1, hi=3),
        ParamSpec("count", "int", 4000, "number of images to make", lo=1, hi=1_000_000),
        ParamSpec("seed", "int", 0, "random seed for crops and jitter", lo=0),
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    raise NotImplementedError("data textures: not implemented yet")


def save(value: Any, path: Path) -> None:
    raise NotImplementedError


def load(path: Path) -> Any:
    raise NotImplementedError
