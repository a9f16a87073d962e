"""Sizes of pattern latents (no torch): flat latents and the noise grids they stand for."""
from __future__ import annotations

from typing import Any


def grid_side(spec: dict[str, Any]) -> int:
    """Cells a side of the square training grid."""
    return int(spec["resolution"]) // int(spec["step"])


def latent_size(spec: dict[str, Any], h: int | None = None, w: int | None = None) -> int:
    """Numbers in one flat latent: the vector for other models, global + local grid for patterns."""
    if spec.get("arch") != "pattern":
        return int(spec["latent"])
    g = grid_side(spec)
    return int(spec["latent"]) + int(spec["local"]) * (h or g) * (w or g)



def to_grid(z: Any, spec: dict[str, Any], h: int, w: int) -> Any:
    """Flat latents [N, L + l*h*w] (numpy) as grids [N, L + l, h, w] (the global part broadcast)."""
    import numpy as np

    lat, loc = int(spec["latent"]), int(spec["local"])
    n = z.shape[0]
    glob = np.broadcast_to(z[:, :lat, None, None], (n, lat, h, w))
    return np.concatenate([glob, z[:, lat:].reshape(n, loc, h, w)], axis=1)


def is_pattern(spec: dict[str, Any]) -> bool:
    """Whether a model spec (or a Trained's `model`) is a tileable pattern generator."""
    return spec.get("arch") == "pattern"
