"""Params and helpers data ops share: image params, crops of image files, save/load of images.

Not an op module (the registry loads only `<stage>_<name>.py`); heavy libraries are
imported inside the functions, as in every op.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.context import RunContext
from gandsl.spec import ParamSpec


def image_params(size: int = 32, channels: int = 1, seed_help: str = "random seed") -> tuple:
    """`size`, `channels`, `count` and `seed` of the built-in datasets."""
    return (
        ParamSpec("size", "int", size, "image side in pixels (square)", lo=8, hi=256),
        ParamSpec("channels", "int", channels, "1 (grey) or 3 (RGB)", choices=(1, 3)),
        ParamSpec("count", "int", 4000, "number of images to make", lo=1, hi=1_000_000),
        ParamSpec("seed", "int", 0, seed_help, lo=0),
    )


def save_images(value: Any, path: Path) -> None:
    """Store a data node's uint8 images."""
    from gandsl.data.store import save_images as save

    save(value, path)


def load_images(path: Path) -> Any:
    """A data node's images back (memory-mapped)."""
    from gandsl.data.store import load_images as load

    return load(path)


def crop_params(what: str, sources: tuple[str, ...], crop: int) -> tuple:
    """`source`, `image` and `crop` of the random-crop datasets, then the image params."""
    return (
        ParamSpec("source", "str", "all", f"which built-in {what}", choices=("all", *sources)),
        ParamSpec("image", "path", None, "an image file to crop instead of a built-in one"),
        ParamSpec("crop", "int", crop, "side of each random crop before resizing, in source pixels",
                  lo=8, hi=4096),
        *image_params(channels=3, seed_help="random seed for crop positions and mirroring"),
    )


def run_crops(ctx: RunContext, params: dict[str, Any], builtin: dict[str, str]) -> Any:
    """Random crops of the chosen built-in images (or `image`), uint8 [count, C, size, size]."""
    from gandsl.data.crops import crop_dataset
    from gandsl.data.imaging import check_channels, to_channels

    channels = check_channels(params["channels"])
    return to_channels(crop_dataset(ctx, params, builtin), channels)


def image_file(params: dict[str, Any]) -> list[Path]:
    """The `image` file when one is given, so its content is part of the cache key."""
    return [Path(params["image"])] if params.get("image") else []


def image_shape(params: dict[str, Any], shapes: Any) -> Any:
    """A data node's images: `count` x `size` x `size` x `channels` (count unknown for a folder)."""
    from gandsl.lang.shapes import Shape

    count = params.get("count")
    size, channels = int(params["size"]), int(params["channels"])
    return Shape(count if isinstance(count, int) and not isinstance(count, bool) else None, size, size,
                 channels)
