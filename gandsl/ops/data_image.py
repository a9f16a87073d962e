"""data op `image`: one image at its own size (a one-frame clip for `stylize`, `upscale`, renders)."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from gandsl.context import RunContext
from gandsl.ops.common_data import load_images as load, save_images as save  # noqa: F401
from gandsl.spec import OpSpec, ParamSpec

SPEC = OpSpec(
    stage="data",
    name="image",
    version=1,
    help="one image at its own size (longest side capped at `max_side`, sides rounded down to a "
         "multiple of 8): a one-frame clip for `stylize`, `upscale` and renders",
    params=(
        ParamSpec("path", "path", help="the image file (png, jpg, webp), relative to the recipe"),
        ParamSpec("max_side", "int", 1024, "longest side in pixels; larger images are scaled down",
                  lo=16, hi=8192),
        ParamSpec("channels", "int", 3, "1 (grey) or 3 (RGB)", choices=(1, 3)),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    """The image, uint8 [1, channels, H, W]."""
    from gandsl.data.imaging import check_channels
    from gandsl.data.single import load_image

    return load_image(Path(params["path"]), int(params["max_side"]), check_channels(params["channels"]))


def files(params: dict[str, Any]) -> list[Path]:
    """The image file (its content is part of the key)."""
    return [Path(params["path"])]


def shape(params: dict[str, Any], shapes: Any) -> Any:
    """One frame of the fitted size, read from the file's header when it can be (else unknown)."""
    from gandsl.lang.shapes import Shape

    size = header_size(Path(params["path"]))
    if size is None:
        return None
    from gandsl.data.single import fitted_size

    w, h = fitted_size(*size, int(params["max_side"]))
    return Shape(1, h, w, int(params["channels"]))


def header_size(path: Path) -> tuple[int, int] | None:
    """(width, height) from the file's header (no decoding), or None when it cannot be read;
    read once per version of the file, though `shape` and `check` both ask."""
    try:
        st = path.stat()
    except OSError:
        return None
    return _header_size(str(path), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=256)
def _header_size(path: str, mtime_ns: int, size: int) -> tuple[int, int] | None:
    try:
        from PIL import Image

        with Image.open(path) as image:
            return image.size
    except Exception:  # a broken file: `check` says so
        return None


def check(params: dict[str, Any], upstream: dict[str, Any]) -> list:
    """The file exists and reads as an image of at least 16 px a side after fitting."""
    from gandsl.data.single import MIN_SIDE, fitted_size
    from gandsl.lang.check_nodes import Problem

    path = Path(params["path"])
    if not path.is_file():
        return [Problem("E091", f"image file `{path.name}` not found", "path", "no such file",
                        "paths are relative to the recipe's folder")]
    size = header_size(path)
    if size is None:
        return [Problem("E091", f"`{path.name}` is not an image gandsl can read", "path",
                        "not a png, jpg or webp image", None)]
    if min(fitted_size(*size, int(params["max_side"]))) < MIN_SIDE:
        return [Problem("E091", f"`{path.name}` ({size[0]}x{size[1]}) is too small: under {MIN_SIDE} px a "
                        "side once fitted", "path", "too small", "use a larger image or `max_side`")]
    return []
