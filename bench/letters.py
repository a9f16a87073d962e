"""Which letter a card's mark reads as: the card set's second structure score (bench/fewshot.py).

A sample "holds a card" when it has one card with a dark mark; it "reads as a letter" when that
mark, cut to its bounding box and resized to 16x16, correlates with one of the 26 glyphs of the
card set's font (drawn the same way) by at least THRESHOLD. `distinct` counts the letters read, so
a generator that draws one glyph on every card (mode collapse) scores 1 of 26.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

SIDE = 16
THRESHOLD = 0.6  # real cards: every one reads as its own letter at or above it


def _norm(mask: np.ndarray) -> np.ndarray | None:
    """A boolean mark cut to its bounding box, padded square, 16x16, zero-mean unit-norm; None when empty."""
    from PIL import Image

    ys, xs = np.nonzero(mask)
    if len(ys) < 8:
        return None
    cut = mask[ys.min():ys.max() + 1, xs.min():xs.max() + 1].astype(np.uint8) * 255
    h, w = cut.shape
    side = max(h, w)  # pad to a square around the mark: an I stays a bar
    cut = np.pad(cut, (((side - h) // 2, side - h - (side - h) // 2), ((side - w) // 2, side - w - (side - w) // 2)))
    v = np.asarray(Image.fromarray(cut).resize((SIDE, SIDE), Image.BILINEAR), np.float32).ravel()
    v -= v.mean()
    n = np.linalg.norm(v)
    return v / n if n > 0 else None


@lru_cache(maxsize=1)
def glyphs() -> np.ndarray:
    """[26, SIDE*SIDE] normalised glyph marks of the card set's font."""
    from PIL import Image, ImageDraw, ImageFont

    from gandsl.data.sources import font_files

    font = ImageFont.truetype(str(font_files("sans")[1]), 28)
    out = []
    for i in range(26):
        im = Image.new("L", (48, 48), 255)
        ImageDraw.Draw(im).text((24, 24), chr(65 + i), fill=0, font=font, anchor="mm")
        out.append(_norm(np.asarray(im) < 90))
    return np.stack(out)


def read_letter(x: np.ndarray, card_box: tuple[int, int, int, int]) -> str | None:
    """The letter the dark mark inside card_box (y0, x0, y1, x1) of x uint8 [3,H,W] reads as."""
    from scipy.ndimage import label

    y0, x0, y1, x1 = card_box
    dark = x.astype(np.float32).mean(0)[y0 + 2:y1 - 2, x0 + 2:x1 - 2] < 90
    parts, count = label(dark)
    if count == 0:
        return None
    sizes = np.bincount(parts.ravel())[1:]
    keep = np.isin(parts, 1 + np.nonzero(sizes >= max(4, sizes.max() * 0.15))[0])  # drop specks
    v = _norm(keep)
    if v is None:
        return None
    scores = glyphs() @ v  # [26] correlations
    best = int(scores.argmax())
    return chr(65 + best) if scores[best] >= THRESHOLD else None


def letter_scores(samples: np.ndarray, card_box) -> dict:
    """Share of samples whose card mark reads as a letter, and how many different letters."""
    read = []
    for x in samples:
        box = card_box(x)
        read.append(read_letter(x, box) if box else None)
    found = [r for r in read if r]
    return {"letters": round(len(found) / len(samples), 3), "distinct": len(set(found))}
