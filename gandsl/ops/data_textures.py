"""data op `textures`: random crops of textures (brick, grass, gravel) or of `image`."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.ops.registry import OpSpec, ParamSpec
from gandsl.ops.shared import image_params, load_images as load, save_images as save  # noqa: F401

BUILTIN = {"brick": "brick.png", "grass": "grass.png", "gravel": "gravel.png"}

SPEC = OpSpec(
    stage="data",
    name="textures",
    version=1,
    help="random crops of textures (brick, grass, gravel) or of `image`",
    params=(
        ParamSpec("source", "str", "all", "which built-in texture",
                  choices=("all", "brick", "grass", "gravel")),
        ParamSpec("image", "path", None, "an image file to crop instead of a built-in one"),
        ParamSpec("crop", "int", 96, "side of each random crop before resizing, in source pixels",
                  lo=8, hi=4096),
        *image_params(channels=3, seed_help="random seed for crop positions and mirroring"),
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

