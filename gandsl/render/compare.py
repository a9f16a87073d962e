"""A comparison sheet: the same low-res frames enlarged by nearest, bicubic and a learned upscaler."""
from __future__ import annotations

from typing import Any

import numpy as np

from gandsl.render.upscale import learned, resize

COLUMNS = ("nearest", "bicubic", "learned")
LABEL_H = 14


def picks(n: int, count: int) -> np.ndarray:
    """`count` frame indices spread evenly over n frames, the first one first and never the last
    (a looping walk ends where it starts, so first and last would show the same picture)."""
    k = min(n, count)
    return np.arange(k) * n // k


def label_row(width: int, cell: int, gap: int, channels: int) -> np.ndarray:
    """A black strip [LABEL_H, width, C] with the column names in white (Pillow's built-in font)."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (width, LABEL_H), 0)
    draw = ImageDraw.Draw(img)
    for i, name in enumerate(COLUMNS):
        draw.text((i * (cell + gap) + 3, 1), name, fill=255)
    row = np.asarray(img)[..., None]
    return np.repeat(row, channels, axis=2)


def compare_sheet(frames: np.ndarray, trained: Any, device: str, count: int,
                  labels: bool = True) -> np.ndarray:
    """uint8 [H', W', C]: one row per picked frame [N,h,w,C], columns nearest | bicubic | learned."""
    f = trained.factor
    chosen = frames[picks(len(frames), count)]
    cols = [resize(chosen, f, "nearest"), resize(chosen, f, "bicubic"),
            learned(chosen, trained, device, 16)]
    m, h, w, c = cols[0].shape
    gap = max(2, h // 32)
    sheet = np.zeros((m * h + (m - 1) * gap, 3 * w + 2 * gap, c), dtype=np.uint8)
    for j, col in enumerate(cols):
        for i in range(m):
            sheet[i * (h + gap):i * (h + gap) + h, j * (w + gap):j * (w + gap) + w] = col[i]
    if labels:
        sheet = np.concatenate([label_row(sheet.shape[1], w, gap, c), sheet], axis=0)
    return sheet
