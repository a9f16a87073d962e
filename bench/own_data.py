"""Own-images bench data: varied coloured shapes drawn with Pillow, saved as PNG files."""
from __future__ import annotations

from pathlib import Path

import numpy as np

PALETTE = {"pink": (240, 120, 190), "yellow": (245, 215, 40), "red": (215, 35, 35),
           "blue": (40, 80, 220), "green": (40, 170, 70), "white": (235, 235, 235)}
BACKGROUNDS = ((20, 20, 30), (60, 50, 80), (25, 60, 70))
SHAPES = ("circle", "square", "triangle")


def shape_image(rng: np.random.Generator, size: int) -> np.ndarray:
    """One uint8 [size, size, 3] picture: a coloured shape on a dark background."""
    from PIL import Image, ImageDraw

    bg = BACKGROUNDS[int(rng.integers(len(BACKGROUNDS)))]
    img = Image.new("RGB", (size, size), bg)
    draw = ImageDraw.Draw(img)
    colour = list(PALETTE.values())[int(rng.integers(len(PALETTE)))]
    shape = SHAPES[int(rng.integers(len(SHAPES)))]
    r = size * rng.uniform(0.2, 0.34)
    cx, cy = size * rng.uniform(0.35, 0.65, size=2)
    box = (cx - r, cy - r, cx + r, cy + r)
    if shape == "circle":
        draw.ellipse(box, fill=colour)
    elif shape == "square":
        draw.rectangle(box, fill=colour)
    else:
        draw.polygon([(cx, cy - r), (cx + r, cy + r), (cx - r, cy + r)], fill=colour)
    return np.asarray(img)


def make_images(n: int, size: int, seed: int = 0) -> np.ndarray:
    """uint8 [n, 3, size, size] of varied coloured shapes."""
    rng = np.random.default_rng(seed)
    return np.stack([shape_image(rng, size) for _ in range(n)]).transpose(0, 3, 1, 2).copy()


def write_folder(folder: Path, n: int, size: int, seed: int = 0) -> Path:
    """Write n shape images as PNG files into folder (created); returns it."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    for i, im in enumerate(make_images(n, size, seed)):
        Image.fromarray(im.transpose(1, 2, 0)).save(folder / f"shape_{i:03d}.png")
    return folder
