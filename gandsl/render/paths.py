"""Latent paths for walks: slerp, periodic cubic spline, great circle and noise loop.

Every path maps frame phases u (floats in [0, 1]) to latents [n, cells, latent] with numpy, so
paths are deterministic on every device. Looping paths use u = i / n, so the step from the last
frame back to the first is an ordinary step.
"""
from __future__ import annotations

import math

import numpy as np

from gandsl.lang.values import ease, frame_count  # noqa: F401 (walks count frames with it)


def phases(n: int, loop: bool) -> np.ndarray:
    """Frame phases: i / n for a loop (the end is the start), else i / (n - 1)."""
    if loop or n == 1:
        return np.arange(n, dtype=np.float64) / n
    return np.arange(n, dtype=np.float64) / (n - 1)


def eased(name: str, t: np.ndarray) -> np.ndarray:
    """Easing applied to every element of t in [0, 1]."""
    return np.array([ease(name, float(x)) for x in np.ravel(t)], dtype=np.float64).reshape(t.shape)


def _rng(*ints: int) -> np.random.Generator:
    return np.random.default_rng([int(i) & 0xFFFFFFFF for i in ints])


def key_latents(seed: int, seeds: list[int], cells: int, latent: int) -> np.ndarray:
    """Keyframe latents [K, cells, latent]: one standard normal vector per (seed, key, cell)."""
    return np.stack([np.stack([_rng(seed, s, c).standard_normal(latent) for c in range(cells)])
                     for s in seeds])


def projected_keys(latents: np.ndarray, cells: int) -> np.ndarray:
    """Keyframes [K, cells, latent] from found latents [K, latent]; cell c starts at key c."""
    return np.stack([np.roll(latents, -c, axis=0) for c in range(cells)], axis=1).astype(np.float64)


def _segments(u: np.ndarray, count: int, easing: str) -> tuple[np.ndarray, np.ndarray]:
    """Segment index and eased position inside it for phases spread over `count` segments."""
    p = u * count
    k = np.minimum(np.floor(p), count - 1).astype(np.int64)
    return k, eased(easing, p - k)


def slerp(a: np.ndarray, b: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Spherical interpolation between rows of a and b [.., L] at fractions s [..]."""
    na = a / np.linalg.norm(a, axis=-1, keepdims=True)
    nb = b / np.linalg.norm(b, axis=-1, keepdims=True)
    omega = np.arccos(np.clip(np.sum(na * nb, axis=-1), -1.0, 1.0))[..., None]
    s = s[..., None]
    sin = np.sin(omega)
    safe = np.where(sin < 1e-6, 1.0, sin)
    spherical = (np.sin((1 - s) * omega) * a + np.sin(s * omega) * b) / safe
    return np.where(sin < 1e-6, (1 - s) * a + s * b, spherical)


def slerp_path(keys: np.ndarray, u: np.ndarray, loop: bool, easing: str) -> np.ndarray:
    """Slerp through keys [K, G, L], closing back to the first key when `loop`."""
    count = len(keys) if loop else len(keys) - 1
    if count < 1:
        return np.repeat(keys[:1], len(u), axis=0)
    k, s = _segments(u, count, easing)
    a, b = keys[k % len(keys)], keys[(k + 1) % len(keys)]
    return slerp(a, b, np.repeat(s[:, None], keys.shape[1], axis=1))


def _hermite(p0, p1, p2, p3, s):
    """Catmull-Rom cubic between p1 and p2 at s (broadcast over trailing axes)."""
    s2, s3 = s * s, s * s * s
    m1, m2 = (p2 - p0) / 2, (p3 - p1) / 2
    return ((2 * s3 - 3 * s2 + 1) * p1 + (s3 - 2 * s2 + s) * m1
            + (-2 * s3 + 3 * s2) * p2 + (s3 - s2) * m2)


def spline_path(keys: np.ndarray, u: np.ndarray, easing: str) -> np.ndarray:
    """A periodic cubic (Catmull-Rom) spline through keys [K, G, L], norms splined alike."""
    count = len(keys)
    if count < 2:
        return np.repeat(keys[:1], len(u), axis=0)
    k, s = _segments(u, count, easing)
    pts = [keys[(k + d) % count] for d in (-1, 0, 1, 2)]
    s3 = s[:, None, None]
    z = _hermite(*pts, s3)
    norms = [np.linalg.norm(p, axis=-1, keepdims=True) for p in pts]
    target = _hermite(*norms, s3)
    return z * target / np.maximum(np.linalg.norm(z, axis=-1, keepdims=True), 1e-8)


def great_circle_path(seed: int, cells: int, latent: int, u: np.ndarray, turns: int,
                      easing: str) -> np.ndarray:
    """Per cell a great circle through two random orthogonal latents of equal norm. With several
    turns the circle's plane turns too, from (a, b) towards a second orthogonal pair (c, d) and
    on round to (a, b), so each turn draws other pictures and the last frame meets the first."""
    t = eased(easing, u)
    theta, phi = 2 * math.pi * turns * t, 2 * math.pi * t * (turns > 1)
    out = []
    for c in range(cells):
        rng = _rng(seed, c)
        a, b, c2, d = _orthonormal(rng, latent, 4 if turns > 1 else 2)
        if turns > 1:
            a, b = (np.cos(phi)[:, None] * a + np.sin(phi)[:, None] * c2,
                    np.cos(phi)[:, None] * b + np.sin(phi)[:, None] * d)
        out.append(np.cos(theta)[:, None] * a + np.sin(theta)[:, None] * b)
    return np.stack(out, axis=1)


def _orthonormal(rng: np.random.Generator, latent: int, k: int) -> list:
    """k orthogonal latents with the first one's norm (Gram-Schmidt over normal draws); the first
    two are drawn exactly as a one-turn circle draws them. Missing ones (latent < k) are zero."""
    first = rng.standard_normal(latent)
    norm, vs = np.linalg.norm(first), [first]
    for _ in range(k - 1):
        v = rng.standard_normal(latent)
        for w in vs:
            v = v - (v @ w) / (w @ w) * w
        length = np.linalg.norm(v)
        vs.append(v * norm / length if length > 1e-9 else np.zeros(latent))
    return vs + [np.zeros(latent)] * (4 - k)


def noise_loop_path(seed: int, cells: int, latent: int, u: np.ndarray, harmonics: int,
                    radius: np.ndarray, easing: str) -> np.ndarray:
    """Per cell a base latent plus periodic Gaussian noise (random harmonics) scaled by radius.

    Each harmonic h has variance proportional to 1 / h^2 and the sum is normalised so the
    noise is standard normal at every phase; z = (base + r * noise) / sqrt(1 + r^2).
    """
    angle = 2 * math.pi * eased(easing, u)
    h = np.arange(1, harmonics + 1, dtype=np.float64)
    sigma = (1 / h) / np.sqrt(np.sum(1 / h**2))
    cos, sin = np.cos(np.outer(angle, h)), np.sin(np.outer(angle, h))
    r = np.asarray(radius, dtype=np.float64)[:, None]
    out = []
    for c in range(cells):
        rng = _rng(seed, c)
        base = rng.standard_normal(latent)
        a, b = rng.standard_normal((2, harmonics, latent)) * sigma[:, None]
        noise = cos @ a + sin @ b
        out.append((base + r * noise) / np.sqrt(1 + r * r))
    return np.stack(out, axis=1)
