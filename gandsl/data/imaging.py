"""Image conversions: channels, opening files safely, square fitting, random affine jitter."""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from gandsl.errors import NodeFailed

LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)


def check_channels(channels: int) -> int:
    """`channels` if it is 1 or 3; NodeFailed otherwise."""
    if channels not in (1, 3):
        raise NodeFailed(f"`channels` must be 1 (grey) or 3 (RGB), got {channels}", code="E302")
    return channels


def to_channels(images: np.ndarray, channels: int) -> np.ndarray:
    """uint8 [N, C, H, W] converted to `channels`: grey repeated to RGB, RGB to luminance."""
    have = images.shape[1]
    if have == channels:
        return np.ascontiguousarray(images, dtype=np.uint8)
    if channels == 3:
        return np.ascontiguousarray(np.repeat(images, 3, axis=1), dtype=np.uint8)
    grey = np.tensordot(LUMA, images.astype(np.float32), axes=([0], [1]))
    return np.clip(np.rint(grey), 0, 255).astype(np.uint8)[:, None]


def to_uint8(values: np.ndarray) -> np.ndarray:
    """Floats in 0..1 as uint8 0..255, rounded and clipped."""
    return np.clip(np.rint(values * 255.0), 0, 255).astype(np.uint8)


def open_rgb(path: Path, min_side: int | None = None) -> Any:
    """An image file as an RGB PIL image, upright per EXIF, transparency over white.

    With `min_side`, a JPEG may be decoded at a reduced scale whose sides stay >= min_side.
    """
    import warnings

    from PIL import Image, ImageOps

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # judged below, in words
        image = Image.open(path)
    with image:
        pixels = image.size[0] * image.size[1]
        if Image.MAX_IMAGE_PIXELS and pixels > Image.MAX_IMAGE_PIXELS:
            raise ValueError(f"{image.size[0]}x{image.size[1]} is {pixels / 1e6:.0f} megapixels, over the "
                             f"{Image.MAX_IMAGE_PIXELS / 1e6:.0f}-megapixel limit (a decompression bomb?)")
        if min_side:
            image.draft(None, (min_side, min_side))
        image.load()
        image = ImageOps.exif_transpose(image)
    if image.mode.startswith("I") or image.mode == "F":
        image = high_depth_to_grey(image)
    if image.mode in ("P", "PA", "LA", "La", "RGBa") or "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode == "RGBA":
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, image)
    return image.convert("RGB")


def high_depth_to_grey(image: Any) -> Any:
    """A 16/32-bit or float grey image as 8-bit 'L' (16-bit values scaled down by 257)."""
    from PIL import Image

    values = np.asarray(image, dtype=np.float64)
    if values.max() > 255:
        values = values / 257.0
    return Image.fromarray(np.clip(np.rint(values), 0, 255).astype(np.uint8), "L")


def fit_square(image: Any, size: int) -> Any:
    """Resize so the shorter side is `size` (Lanczos), then crop the centre square."""
    from PIL import Image

    width, height = image.size
    scale = size / min(width, height)
    new_w, new_h = max(size, round(width * scale)), max(size, round(height * scale))
    image = image.resize((new_w, new_h), Image.LANCZOS)
    left, top = (new_w - size) // 2, (new_h - size) // 2
    return image.crop((left, top, left + size, top + size))


def pil_to_chw(image: Any) -> np.ndarray:
    """A PIL image (L or RGB) as a uint8 [C, H, W] array."""
    array = np.asarray(image, dtype=np.uint8)
    return array[None] if array.ndim == 2 else array.transpose(2, 0, 1)


def affine_coefficients(src_size: tuple[int, int], out_size: int, scale: float,
                        angle_deg: float, shift: tuple[float, float]) -> tuple[float, ...]:
    """PIL AFFINE coefficients (output -> input) for scale, rotation and shift about the centres."""
    cos, sin = math.cos(math.radians(angle_deg)), math.sin(math.radians(angle_deg))
    cx_in, cy_in = src_size[0] / 2, src_size[1] / 2
    cx_out, cy_out = out_size / 2 + shift[0], out_size / 2 + shift[1]
    a, b = cos / scale, sin / scale
    d, e = -sin / scale, cos / scale
    c = cx_in - a * cx_out - b * cy_out
    f = cy_in - d * cx_out - e * cy_out
    return (a, b, c, d, e, f)


def jitter(image: Any, out_size: int, scale: float, angle_deg: float,
           shift: tuple[float, float], fill: float = 0) -> Any:
    """`image` scaled, rotated and shifted into an `out_size` square (bicubic)."""
    from PIL import Image

    coefficients = affine_coefficients(image.size, out_size, scale, angle_deg, shift)
    fillcolor = fill if image.mode == "F" else int(fill)
    return image.transform((out_size, out_size), Image.AFFINE, coefficients,
                           resample=Image.BICUBIC, fillcolor=fillcolor)
