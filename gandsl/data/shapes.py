"""Procedural shapes: one coloured circle, square, triangle or star on a plain background."""
from __future__ import annotations

import colorsys
import math

import numpy as np

from gandsl.errors import NodeFailed

SHAPES = ("circle", "square", "triangle", "star")
SUPERSAMPLE = 4            # drawn 4x larger, then downsampled, for smooth edges
RADIUS_RANGE = (0.22, 0.4)  # circumradius as a share of the image side


def check_shapes(names: list[str]) -> list[str]:
    """The requested shape names; NodeFailed for an unknown or empty list."""
    unknown = [name for name in names if name not in SHAPES]
    if unknown or not names:
        raise NodeFailed(f"`shapes` must list some of {', '.join(SHAPES)}; got {names}",
                         code="E305")
    return list(names)


def outline(shape: str, cx: float, cy: float, r: float, turn: float) -> list[tuple]:
    """The polygon of a square, triangle or star of circumradius `r`, turned by `turn` rad."""
    if shape == "star":
        radii = [r if k % 2 == 0 else r * 0.45 for k in range(10)]
        angles = [turn + k * math.pi / 5 for k in range(10)]
    else:
        corners = 4 if shape == "square" else 3
        radii = [r] * corners
        angles = [turn + k * 2 * math.pi / corners for k in range(corners)]
    return [(cx + rr * math.sin(a), cy - rr * math.cos(a)) for rr, a in zip(radii, angles)]


def colour_pair(rng: np.random.Generator) -> tuple[tuple, tuple]:
    """A background and a shape colour of clearly different brightness and random hues."""
    dark_back = rng.random() < 0.5
    back_v, shape_v = (0.15, 0.95) if dark_back else (0.92, 0.35)
    back_v, shape_v = back_v + rng.uniform(-0.1, 0.05), shape_v + rng.uniform(-0.1, 0.05)
    back = colorsys.hsv_to_rgb(rng.random(), rng.uniform(0.0, 0.5), back_v)
    shape = colorsys.hsv_to_rgb(rng.random(), rng.uniform(0.5, 1.0), shape_v)
    return tuple(round(255 * c) for c in back), tuple(round(255 * c) for c in shape)


def draw_shape(size: int, shape: str, rng: np.random.Generator) -> np.ndarray:
    """One random shape as uint8 [3, size, size]."""
    from PIL import Image, ImageDraw

    big = size * SUPERSAMPLE
    back, colour = colour_pair(rng)
    r = rng.uniform(*RADIUS_RANGE) * big
    cx, cy = rng.uniform(r, big - r, 2)
    image = Image.new("RGB", (big, big), back)
    draw = ImageDraw.Draw(image)
    if shape == "circle":
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
    else:
        draw.polygon(outline(shape, cx, cy, r, rng.uniform(0, 2 * math.pi)), fill=colour)
    small = image.reduce(SUPERSAMPLE)   # box-average the supersampled pixels
    return np.asarray(small, dtype=np.uint8).transpose(2, 0, 1)


def make_shapes(size: int, names: list[str], count: int, seed: int) -> np.ndarray:
    """`count` random shapes, uint8 [count, 3, size, size]."""
    return make_labelled_shapes(size, names, count, seed)[0]


def make_labelled_shapes(size: int, names: list[str], count: int,
                         seed: int) -> tuple[np.ndarray, np.ndarray]:
    """make_shapes' images and the index of each one's shape in `names`."""
    rng = np.random.default_rng(seed)
    shapes = check_shapes(names)
    picks = rng.integers(0, len(shapes), count)
    out = np.empty((count, 3, size, size), dtype=np.uint8)
    for i, pick in enumerate(picks):
        out[i] = draw_shape(size, shapes[pick], rng)
    return out, picks.astype(np.int64)
