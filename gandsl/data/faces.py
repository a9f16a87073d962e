"""Small grey faces: scikit-image's 100 LFW faces, mirrored and gently jittered."""
from __future__ import annotations

import numpy as np

from gandsl.data.imaging import jitter, to_uint8
from gandsl.data.sources import lfw_faces

ROTATION_DEG = 5.0
ZOOM_RANGE = (1.12, 1.24)   # zoomed in enough that rotated corners stay inside the face
SHIFT_FRACTION = 0.03
CONTRAST_RANGE = (0.85, 1.15)


def base_faces(size: int) -> list:
    """Every face and its mirror image as smooth float PIL images of `size` pixels."""
    from PIL import Image

    faces = lfw_faces().astype(np.float32)
    both = np.concatenate([faces, faces[:, :, ::-1]])
    return [Image.fromarray(np.ascontiguousarray(face), "F").resize((size, size), Image.LANCZOS)
            for face in both]


def make_faces(size: int, count: int, seed: int) -> np.ndarray:
    """`count` jittered faces, uint8 [count, 1, size, size]."""
    rng = np.random.default_rng(seed)
    bases = base_faces(size)
    picks = rng.integers(0, len(bases), count)
    angles = rng.uniform(-ROTATION_DEG, ROTATION_DEG, count)
    zooms = rng.uniform(*ZOOM_RANGE, count)
    shifts = rng.uniform(-SHIFT_FRACTION, SHIFT_FRACTION, (count, 2)) * size
    contrasts = rng.uniform(*CONTRAST_RANGE, count)
    out = np.empty((count, 1, size, size), dtype=np.uint8)
    for i in range(count):
        moved = jitter(bases[picks[i]], size, zooms[i], angles[i], tuple(shifts[i]))
        face = np.asarray(moved, dtype=np.float32)
        out[i, 0] = to_uint8((face - face.mean()) * contrasts[i] + face.mean())
    return out
