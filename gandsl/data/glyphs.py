"""Font glyphs: DejaVu characters drawn with Pillow, centred, jittered, white on black."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from gandsl.data.imaging import jitter
from gandsl.errors import NodeFailed

SUPERSAMPLE = 2          # glyphs are drawn and jittered at twice the size, then downsampled
GLYPH_FRACTION = 0.8     # the font size (em) as a share of the image side
ROTATION_DEG = 8.0
SCALE_RANGE = (0.85, 1.05)
SHIFT_FRACTION = 0.05


def drawable_chars(chars: str) -> list[str]:
    """The distinct printable, non-space characters of `chars`; NodeFailed when none."""
    unique = sorted({ch for ch in chars if ch.isprintable() and not ch.isspace()})
    if not unique:
        raise NodeFailed("`chars` has no characters to draw", code="E304")
    return unique


def draw_glyph(char: str, font_path: Path, side: int) -> object:
    """One character in an `side` square 'L' image, its ink box centred."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(font_path), max(4, round(side * GLYPH_FRACTION)))
    left, top, right, bottom = font.getbbox(char)
    image = Image.new("L", (side, side), 0)
    origin = ((side - (right - left)) / 2 - left, (side - (bottom - top)) / 2 - top)
    ImageDraw.Draw(image).text(origin, char, fill=255, font=font)
    return image


def glyph_bank(chars: list[str], fonts: list[Path], side: int) -> list:
    """Every (font, character) drawn once at `side` pixels."""
    return [draw_glyph(ch, font, side) for font in fonts for ch in chars]


def make_glyphs(size: int, chars: str, fonts: list[Path], count: int, seed: int) -> np.ndarray:
    """`count` jittered glyphs, uint8 [count, 1, size, size]."""
    return make_labelled_glyphs(size, chars, fonts, count, seed)[0]


def make_labelled_glyphs(size: int, chars: str, fonts: list[Path], count: int,
                         seed: int) -> tuple[np.ndarray, np.ndarray]:
    """make_glyphs' images and the index of each one's character in drawable_chars(chars)."""
    from PIL import Image

    rng = np.random.default_rng(seed)
    big = size * SUPERSAMPLE
    names = drawable_chars(chars)
    bank = glyph_bank(names, fonts, big)
    picks = rng.integers(0, len(bank), count)
    angles = rng.uniform(-ROTATION_DEG, ROTATION_DEG, count)
    scales = rng.uniform(*SCALE_RANGE, count)
    shifts = rng.uniform(-SHIFT_FRACTION, SHIFT_FRACTION, (count, 2)) * big
    out = np.empty((count, 1, size, size), dtype=np.uint8)
    for i in range(count):
        moved = jitter(bank[picks[i]], big, scales[i], angles[i], tuple(shifts[i]))
        out[i, 0] = np.asarray(moved.resize((size, size), Image.LANCZOS), dtype=np.uint8)
    return out, (picks % len(names)).astype(np.int64)
