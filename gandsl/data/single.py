"""One image at its own size (data op `image`) and line drawings of images (data op `edges`)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from gandsl.data.crops import open_source
from gandsl.data.imaging import pil_to_chw, to_channels
from gandsl.errors import NodeFailed

MULTIPLE = 8  # sides of an `image` are rounded down to this
MIN_SIDE = 16


def fitted_size(width: int, height: int, max_side: int) -> tuple[int, int]:
    """(w, h) scaled so the longer side is at most max_side, each rounded down to MULTIPLE."""
    scale = min(1.0, max_side / max(width, height))
    w, h = round(width * scale), round(height * scale)
    return w // MULTIPLE * MULTIPLE, h // MULTIPLE * MULTIPLE


def load_image(path: Path, max_side: int, channels: int) -> np.ndarray:
    """The image as uint8 [1, channels, H, W]: longest side capped, sides multiples of 8 (the
    remainder cropped evenly from both edges)."""
    from PIL import Image

    image = open_source(path)  # decompression bombs and unreadable files: E303
    w, h = fitted_size(image.width, image.height, max_side)
    if min(w, h) < MIN_SIDE:
        raise NodeFailed(f"image {path} is {image.width}x{image.height}: too small (under {MIN_SIDE} px "
                         "a side)", code="E303")
    scale = min(1.0, max_side / max(image.size))
    sw, sh = max(w, round(image.width * scale)), max(h, round(image.height * scale))
    if (sw, sh) != image.size:
        image = image.resize((sw, sh), Image.LANCZOS)
    left, top = (sw - w) // 2, (sh - h) // 2
    image = image.crop((left, top, left + w, top + h))
    return to_channels(pil_to_chw(image)[None], channels)


def line_drawing(images: np.ndarray, detail: float) -> np.ndarray:
    """Dark lines on white from uint8 [N, C, H, W]: uint8 [N, 1, H, W].

    Lines are the Canny edges of the grey image (thin, connected), softened by a small blur so
    they draw like a pen; `detail` 0..1 lowers the smoothing, so finer edges draw too."""
    from scipy import ndimage
    from skimage.feature import canny

    grey = images.astype(np.float32).mean(1) / 255  # [N,H,W] 0..1
    sigma = 3.0 - 2.0 * detail
    out = np.empty((len(images), 1, *grey.shape[1:]), np.uint8)
    for i, g in enumerate(grey):
        lines = canny(g, sigma=sigma, low_threshold=0.08, high_threshold=0.2).astype(np.float32)
        ink = np.clip(ndimage.gaussian_filter(lines, 0.5) * 2.0, 0, 1)
        out[i, 0] = np.round(255 * (1 - ink)).astype(np.uint8)
    return out
