"""How well a picture tiles: the step across its wrap-around edges against the steps inside."""
from __future__ import annotations

import numpy as np


def seam_score(image: np.ndarray) -> float:
    """Wrap-around step / median neighbour step of uint8 [H, W, C]: ~1 tiles, a photo crop ~3-10.

    A step is the mean absolute difference between two neighbouring columns (or rows); the
    wrap-around steps join the last column to the first and the last row to the first."""
    x = np.asarray(image, dtype=np.float64)
    cols = np.abs(np.diff(x, axis=1)).mean(axis=(0, 2))  # [W-1] steps between columns
    rows = np.abs(np.diff(x, axis=0)).mean(axis=(1, 2))  # [H-1] steps between rows
    wrap = (np.abs(x[:, -1] - x[:, 0]).mean() + np.abs(x[-1] - x[0]).mean()) / 2
    inside = float(np.median(np.concatenate([cols, rows])))
    return float(wrap / max(inside, 1e-6))
