"""Tileable patterns: seams, palette, motifs, SWD and speed of `pattern` models on a floral print.

    python bench/patterns.py source              # writes the floral print the bench trains on
    python bench/patterns.py train [--steps 1500] [--set width=32 ...] [--train-set loss=hinge ...]
    python bench/patterns.py dcgan [--steps 1500] # the baseline: a circularly padded DCGAN

The source is a procedural floral print (seeded; flowers of five petals and two leaves on a
jittered lattice over a cream ground), 512 x 512, so nothing is downloaded. `train` runs
`textures { image = floral.png  size = 64  crop = 128 }` -> `pattern` -> `train gan` through the
engine, then measures 8 swatches of 256 x 256 and 16 walk frames of 128 x 192:
- seam: the wrap-around step over the median neighbour step (gandsl/render/seams.py); ~1 tiles;
- palette: histogram intersection (0-100) over the source's 6 k-means colours; a source crop's
  own figure beside it;
- motifs: blobs of non-ground colour (at least a quarter of the source's median blob) per
  10,000 px, and their median area, against source crops of the same size;
- swd: gandsl/gan/swd.py against 64 px source crops (x1000, lower is closer);
- time: training wall seconds, and a 2048 x 2048 swatch.
Every run prints `uptime`: the 2 cores are shared with other engineers.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path("/tmp/gandsl-bench-patterns")
PETALS = [(196, 62, 88), (232, 150, 60), (120, 80, 170)]


def uptime() -> str:
    """The load averages, as `uptime` prints them."""
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def floral(size: int = 512, seed: int = 0) -> np.ndarray:
    """The floral print, uint8 [size, size, 3]: flowers on a jittered lattice, 64 px apart."""
    from PIL import Image, ImageDraw

    rng = np.random.default_rng(seed)
    img = Image.new("RGB", (size, size), (238, 228, 205))
    draw = ImageDraw.Draw(img)
    for y in range(32, size, 64):
        for x in range(32 + 32 * ((y // 64) % 2), size + 32, 64):
            cx, cy = x + rng.uniform(-8, 8), y + rng.uniform(-8, 8)
            r, turn = rng.uniform(6, 9), rng.uniform(0, 2 * np.pi)
            for a in (turn + 2.4, turn + 3.6):  # two leaves
                lx, ly = cx + 16 * np.cos(a), cy + 16 * np.sin(a)
                draw.ellipse([lx - 7, ly - 4, lx + 7, ly + 4], fill=(70, 120, 60))
            colour = PETALS[int(rng.integers(len(PETALS)))]
            for k in range(5):
                a = turn + 2 * np.pi * k / 5
                px, py = cx + r * np.cos(a), cy + r * np.sin(a)
                draw.ellipse([px - r * 0.8, py - r * 0.8, px + r * 0.8, py + r * 0.8], fill=colour)
            draw.ellipse([cx - 3.5, cy - 3.5, cx + 3.5, cy + 3.5], fill=(245, 205, 70))
    return np.asarray(img)


def palette(image: np.ndarray, k: int = 6, seed: int = 0) -> np.ndarray:
    """k colours of the image by k-means (float [k, 3]), the most common (the ground) first."""
    px = image.reshape(-1, 3).astype(np.float64)
    rng = np.random.default_rng(seed)
    centres = px[rng.choice(len(px), k, replace=False)]
    for _ in range(20):
        near = ((px[:, None] - centres[None]) ** 2).sum(-1).argmin(1)
        centres = np.stack([px[near == i].mean(0) if (near == i).any() else centres[i] for i in range(k)])
    counts = np.bincount(near, minlength=k)
    return centres[np.argsort(-counts)]


def shares(image: np.ndarray, colours: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(each pixel's nearest palette index [H, W], the share of each colour [k])."""
    px = image.reshape(-1, 3).astype(np.float64)
    near = ((px[:, None] - colours[None]) ** 2).sum(-1).argmin(1)
    return near.reshape(image.shape[:2]), np.bincount(near, minlength=len(colours)) / len(near)
