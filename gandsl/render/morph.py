"""Class morphs: positions along a sequence of classes, class embeddings and latents for them.

A position p in [0, count] means "between class k = floor(p) and class k + 1, a fraction
p - k of the way"; in a loop the class after the last is the first again, so p = count is
exactly the first class. Each step between classes holds on its class for `hold` of the step,
then moves with the walk's easing.
"""
from __future__ import annotations

import numpy as np

from gandsl.render.paths import eased, key_latents, phases, slerp


def auto_positions(n: int, keys: int, loop: bool) -> np.ndarray:
    """Frame positions [n] spread evenly over the keys (a loop ends one step before key 0)."""
    steps = keys if loop else keys - 1
    return phases(n, loop) * max(steps, 0)


def split(p: np.ndarray, keys: int, loop: bool, hold: float, easing: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(from-key [..], to-key [..], eased fraction [..]) for positions p, keys counted `keys`."""
    steps = keys if loop else keys - 1
    if steps < 1:
        zeros = np.zeros(p.shape, dtype=np.int64)
        return zeros, zeros, np.zeros(p.shape)
    p = np.mod(p, steps) if loop else np.clip(p, 0, steps)
    k = np.minimum(np.floor(p), steps - 1).astype(np.int64)
    s = np.clip((p - k - hold) / max(1e-9, 1 - hold), 0.0, 1.0)
    return k % keys, (k + 1) % keys, eased(easing, s)


def morph_embeddings(table: np.ndarray, order: list[int], p: np.ndarray, loop: bool, hold: float,
                     easing: str) -> np.ndarray:
    """Class embeddings [*p.shape, E]: a straight line between the embeddings of `order`."""
    a, b, s = split(p, len(order), loop, hold, easing)
    idx = np.asarray(order)
    return (1 - s)[..., None] * table[idx[a]] + s[..., None] * table[idx[b]]


def morph_latents(seed: int, keys: int, p: np.ndarray, loop: bool, hold: float, easing: str,
                  latent: int) -> np.ndarray:
    """Latents [n, cells, L] slerped between one keyframe latent per class step (z = "walk")."""
    n, cells = p.shape
    kz = key_latents(seed, list(range(keys)), cells, latent)  # [K, cells, L]
    a, b, s = split(p, keys, loop, hold, easing)
    cell = np.arange(cells)[None, :]
    return slerp(kz[a, cell], kz[b, cell], s)


def cell_positions(base: np.ndarray, cells: int, stagger: bool) -> np.ndarray:
    """Positions [n, cells]: every cell at `base`, or cell c one class further on with stagger."""
    offset = np.arange(cells, dtype=np.float64) if stagger else np.zeros(cells)
    return base[:, None] + offset[None, :]
