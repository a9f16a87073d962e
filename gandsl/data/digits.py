"""Handwritten digits: 8x8 scans upscaled smoothly, jittered, then inked like pen strokes."""
from __future__ import annotations

import numpy as np

from gandsl.data.imaging import jitter, to_uint8
from gandsl.data.sources import digit_scans, digit_targets

DIGIT_FRACTION = 0.72   # the 8x8 scan spans this much of the image side (MNIST: 20 of 28)
ROTATION_DEG = 10.0
SCALE_RANGE = (0.88, 1.08)
SHIFT_FRACTION = 0.06
PAD = 1   # blank scan pixels added around each scan so strokes fade out instead of ending flat
INK_LOW, INK_HIGH = 0.26, 0.66   # the ink curve: below LOW is paper, above HIGH full ink


def upscaled_scans(side: int) -> list:
    """Every scan, padded by one blank pixel, as a smooth float PIL image (scan spans `side`)."""
    from PIL import Image

    padded_side = round(side * (8 + 2 * PAD) / 8)
    padded = np.pad(digit_scans(), ((0, 0), (PAD, PAD), (PAD, PAD)))
    return [Image.fromarray(scan, "F").resize((padded_side, padded_side), Image.BICUBIC)
            for scan in padded]


def ink(values: np.ndarray, thickness: float) -> np.ndarray:
    """A smoothstep contrast curve: crisp strokes, thicker where `thickness` > 0."""
    low, high = INK_LOW - thickness, INK_HIGH - thickness
    t = np.clip((values - low) / (high - low), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def make_digits(size: int, count: int, seed: int) -> np.ndarray:
    """`count` jittered digits, white on black, uint8 [count, 1, size, size]."""
    return make_labelled_digits(size, count, seed)[0]


def make_labelled_digits(size: int, count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """make_digits' images and the digit each shows (int64 [count])."""
    rng = np.random.default_rng(seed)
    side = max(8, round(size * DIGIT_FRACTION))
    scans = upscaled_scans(side)
    picks = rng.integers(0, len(scans), count)
    angles = rng.uniform(-ROTATION_DEG, ROTATION_DEG, count)
    scales = rng.uniform(*SCALE_RANGE, count)
    shifts = rng.uniform(-SHIFT_FRACTION, SHIFT_FRACTION, (count, 2)) * size
    thickness = rng.uniform(-0.06, 0.08, count)
    out = np.empty((count, 1, size, size), dtype=np.uint8)
    for i in range(count):
        moved = jitter(scans[picks[i]], size, scales[i], angles[i], tuple(shifts[i]))
        out[i, 0] = to_uint8(ink(np.asarray(moved, dtype=np.float32), thickness[i]))
    return out, digit_targets()[picks]
