"""Tiling walks into grids and integer upscaling of frames."""
from __future__ import annotations

import numpy as np

from gandsl.lang.values import Size


def gap_for(cell_height: int, grid: Size) -> int:
    """Pixels between grid cells: none for one cell, else about 1/32 of a cell (at least 1)."""
    return 0 if grid.w * grid.h == 1 else max(1, cell_height // 32)


def tile(images: np.ndarray, grid: Size) -> np.ndarray:
    """Cells [n, G, H, W, C] laid out row by row on a WxH grid with a black gap: [n, H', W', C]."""
    n, cells, h, w, c = images.shape
    if cells != grid.w * grid.h:
        raise ValueError(f"{cells} cells do not fill a {grid} grid")
    gap = gap_for(h, grid)
    out = np.zeros((n, grid.h * h + (grid.h - 1) * gap, grid.w * w + (grid.w - 1) * gap, c),
                   dtype=np.uint8)
    for i in range(cells):
        y, x = (i // grid.w) * (h + gap), (i % grid.w) * (w + gap)
        out[:, y:y + h, x:x + w] = images[:, i]
    return out


def upscale(frames: np.ndarray, scale: int, filter: str = "nearest") -> np.ndarray:
    """Frames [n, H, W, C] enlarged `scale` times with nearest (repeat) or Lanczos (Pillow)."""
    if scale == 1:
        return frames
    if filter == "nearest":
        return np.repeat(np.repeat(frames, scale, axis=1), scale, axis=2)
    from PIL import Image

    n, h, w, c = frames.shape
    out = np.empty((n, h * scale, w * scale, c), dtype=np.uint8)
    for i, frame in enumerate(frames):
        img = Image.fromarray(frame[..., 0] if c == 1 else frame)
        big = np.asarray(img.resize((w * scale, h * scale), Image.Resampling.LANCZOS))
        out[i] = big[..., None] if c == 1 else big
    return out


def pad_even(frames: np.ndarray) -> np.ndarray:
    """Pad frames [n, H, W, C] with black at the bottom/right to even height and width."""
    _, h, w, _ = frames.shape
    if h % 2 == 0 and w % 2 == 0:
        return frames
    return np.pad(frames, ((0, 0), (0, h % 2), (0, w % 2), (0, 0)))
