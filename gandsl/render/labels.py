"""Seed numbers printed under sample cells, so an artist can name the ones they like."""
from __future__ import annotations

import numpy as np


def labelled(cells: np.ndarray, texts: list[str]) -> np.ndarray:
    """Cells [G, H, W, C] each with a strip below holding its text (grey on black): [G, H', W, C]."""
    from PIL import Image, ImageDraw, ImageFont

    g, h, w, c = cells.shape
    font = ImageFont.load_default()
    strip = 12
    out = np.zeros((g, h + strip, w, c), dtype=np.uint8)
    out[:, :h] = cells
    for i, text in enumerate(texts):
        img = Image.new("L", (w, strip), 0)
        draw = ImageDraw.Draw(img)
        width = draw.textlength(text, font=font)
        draw.text((max(0, (w - width) / 2), 0), text, fill=200, font=font)
        out[i, h:] = np.asarray(img)[..., None]
    return out
