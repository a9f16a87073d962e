"""data op `textures`: random crops of textures (brick, grass, gravel) or of `image`."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.ops.registry import OpSpec, ParamSpec

BUILTIN = {"brick": "brick.png", "grass": "grass.png", "gravel": "gravel.png"}

SPEC = OpSpec(
    stage="data",
    name="textures",
    version=1,
    help="random crops of textures (brick, grass, gravel) or of `image`",
    params=(
        ParamSpec("size", "int", 32, "image side in pixels (square)", lo=8, hi=256),
        ParamSpec("source", "str", "all", "which built-in texture",
                  choices=("all", "brick", "grass", "gravel")),
        ParamSpec("image", "path", None, "an image file to crop instead of a built-in one"),
        ParamSpec("crop", "int", 96, "side of each random crop before resizing, in source pixels",
                  lo=8, hi=4096),
        ParamSpec("channels", "int", 3, "1 (grey) or 3 (RGB)", lo=1, hi=3),
        ParamSpec("count", "int", 4000, "number of images to make", lo=1, hi=1_000_000),
        ParamSpec("seed", "int", 0, "random seed for crop positions and mirroring", lo=0),
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    """Random crops, uint8 [count, channels, size, size]."""
    from gandsl.data.crops import crop_dataset
    from gandsl.data.imaging import check_channels, to_channels

    channels = check_channels(params["channels"])
    return to_channels(crop_dataset(ctx, params, BUILTIN), channels)


def files(params: dict[str, Any]) -> list[Path]:
    """The `image` file when one is given, so its content is part of the cache key."""
    return [Path(params["image"])] if params.get("image") else []


def save(value: Any, path: Path) -> None:
    """Store the value in a store directory (numpy is imported only here)."""
    from gandsl.data.node_io import save as save_images

    save_images(value, path)


def load(path: Path) -> Any:
    """The stored value back."""
    from gandsl.data.node_io import load as load_images

    return load_images(path)
