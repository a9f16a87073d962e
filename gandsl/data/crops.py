"""Random square crops of source images, resized to the output size, for textures and photos."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import numpy as np

from gandsl.data.imaging import open_rgb, pil_to_chw
from gandsl.errors import NodeFailed
from gandsl.context import RunContext


def open_source(path: Path) -> Any:
    """An image file as RGB; NodeFailed naming it when it cannot be read."""
    try:
        return open_rgb(path)
    except FileNotFoundError:
        raise NodeFailed(f"image file not found: {path}", code="E303") from None
    except Exception as error:  # Pillow raises many kinds for a broken file
        raise NodeFailed(f"cannot read image {path}: {error}", code="E303") from None


def fit_crop(crop: int, sources: list, warn: Callable[[str], None]) -> int:
    """`crop`, shrunk (with a warning) to the smallest source side when it does not fit."""
    smallest = min(min(image.size) for image in sources)
    if crop > smallest:
        warn(f"crop {crop} is larger than a source image ({smallest} px); using {smallest}")
        return smallest
    return crop


def random_crops(sources: list, size: int, crop: int, count: int, seed: int) -> np.ndarray:
    """`count` random crop x crop squares (random source, position, mirror) resized to `size`."""
    from PIL import Image

    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(sources), count)
    corners = rng.random((count, 2))
    mirrors = rng.random(count) < 0.5
    out = np.empty((count, 3, size, size), dtype=np.uint8)
    for i in range(count):
        image = sources[picks[i]]
        left = int(corners[i, 0] * (image.width - crop + 1))
        top = int(corners[i, 1] * (image.height - crop + 1))
        tile = image.resize((size, size), Image.LANCZOS, box=(left, top, left + crop, top + crop))
        if mirrors[i]:
            tile = tile.transpose(Image.FLIP_LEFT_RIGHT)
        out[i] = pil_to_chw(tile)
    return out


def crop_dataset(ctx: RunContext, params: dict[str, Any], builtin: dict[str, str]) -> np.ndarray:
    """The random-crop dataset of `image` or the chosen built-in sources, before channels."""
    from gandsl.data.sources import skimage_file

    if params.get("image"):
        paths = [Path(params["image"])]
    else:
        names = builtin.values() if params["source"] == "all" else [builtin[params["source"]]]
        paths = [skimage_file(name) for name in names]
    sources = [open_source(path) for path in paths]
    crop = fit_crop(params["crop"], sources, ctx.warn)
    return random_crops(sources, params["size"], crop, params["count"], params["seed"])

