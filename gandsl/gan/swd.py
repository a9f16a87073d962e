"""Multi-scale sliced Wasserstein distance (Karras et al., ProGAN) between two image sets.

Each set is turned into a Laplacian pyramid down to 16 px; at every level random 7x7 patches are
taken, normalised per channel, projected on random unit directions, and the sorted projections
of the two sets compared. Distances are reported x1000 as in ProGAN.
"""
from __future__ import annotations

import numpy as np

_K1 = np.array([1, 4, 6, 4, 1], dtype=np.float32) / 16
PATCH = 7


def _blur(x: np.ndarray) -> np.ndarray:
    """Separable 5x5 binomial blur of [N, C, H, W] with reflected borders."""
    p = np.pad(x, ((0, 0), (0, 0), (2, 2), (2, 2)), mode="reflect")
    h, w = x.shape[2], x.shape[3]
    rows = sum(_K1[i] * p[:, :, i:i + h, :] for i in range(5))
    return sum(_K1[i] * rows[:, :, :, i:i + w] for i in range(5))


def _upsample(x: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    up = np.zeros(shape, dtype=np.float32)
    up[:, :, ::2, ::2] = x
    return _blur(up) * 4


def laplacian_pyramid(images: np.ndarray, min_res: int = 16) -> list[np.ndarray]:
    """Levels finest first: band-pass differences, then the coarse image at <= min_res px."""
    levels, x = [], images.astype(np.float32)
    while min(x.shape[2], x.shape[3]) > min_res and min(x.shape[2], x.shape[3]) >= 2 * PATCH:
        small = _blur(x)[:, :, ::2, ::2]
        levels.append(x - _upsample(small, x.shape))
        x = small
    levels.append(x)
    return levels


def patches(level: np.ndarray, per_image: int, rng: np.random.Generator) -> np.ndarray:
    """Random 7x7 patches [N * per_image, C * 49], normalised per channel."""
    n, c, h, w = level.shape
    size = min(PATCH, h, w)
    img = np.repeat(np.arange(n), per_image)
    ys = rng.integers(0, h - size + 1, len(img))[:, None] + np.arange(size)
    xs = rng.integers(0, w - size + 1, len(img))[:, None] + np.arange(size)
    desc = level[img[:, None, None, None], np.arange(c)[None, :, None, None],
                 ys[:, None, :, None], xs[:, None, None, :]]
    desc = desc - desc.mean(axis=(0, 2, 3), keepdims=True)
    desc = desc / np.maximum(desc.std(axis=(0, 2, 3), keepdims=True), 1e-8)
    return desc.reshape(len(img), -1)


def sliced_wasserstein(a: np.ndarray, b: np.ndarray, rng: np.random.Generator,
                       repeats: int = 4, directions: int = 128) -> float:
    """Mean distance of sorted projections of descriptor sets a and b on random directions."""
    results = []
    for _ in range(repeats):
        dirs = rng.standard_normal((a.shape[1], directions)).astype(np.float32)
        dirs /= np.linalg.norm(dirs, axis=0, keepdims=True)
        pa, pb = np.sort((a @ dirs).T, axis=1), np.sort((b @ dirs).T, axis=1)
        results.append(float(np.mean(np.abs(pa - pb))))
    return float(np.mean(results))


def swd(real: np.ndarray, fake: np.ndarray, seed: int = 0, per_image: int = 64) -> dict:
    """The report {"swd": {resolution: distance x1000}, "mean": ...} for uint8 [N, C, H, W] sets."""
    if real.shape[1:] != fake.shape[1:]:
        raise ValueError(f"image shapes differ: {real.shape[1:]} vs {fake.shape[1:]}")
    n = min(len(real), len(fake))
    rng = np.random.default_rng(seed)
    scale = np.float32(2 / 255)
    pyr_a = laplacian_pyramid(real[:n].astype(np.float32) * scale - 1)
    pyr_b = laplacian_pyramid(fake[:n].astype(np.float32) * scale - 1)
    report = {}
    for la, lb in zip(pyr_a, pyr_b):
        dist = sliced_wasserstein(patches(la, per_image, rng), patches(lb, per_image, rng), rng)
        report[str(la.shape[2])] = round(dist * 1e3, 4)
    return {"swd": report, "mean": round(float(np.mean(list(report.values()))), 4), "images": n}
