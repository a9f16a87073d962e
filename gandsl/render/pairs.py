"""A sheet of (original, reconstruction) pairs side by side, for `project` nodes."""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from gandsl.lang.values import Size
from gandsl.render.tile import tile


def pair_sheet(originals: np.ndarray, recon: np.ndarray, width: int, height: int = 0) -> np.ndarray:
    """uint8 [H', W', C]: rows of original|reconstruction pairs, width//2 pairs (at least 1) a row,
    at most `height` rows (0: as many as the pairs need)."""
    per_row = max(1, min(width // 2, len(originals)))
    if height > 0:
        originals, recon = originals[:per_row * height], recon[:per_row * height]
    n = len(originals)
    rows = math.ceil(n / per_row)
    cells = np.zeros((2 * per_row * rows, *originals.shape[1:]), dtype=np.uint8)
    cells[0:2 * n:2], cells[1:2 * n:2] = originals, recon
    return tile(cells[None], Size(2 * per_row, rows))[0]


def pairs_png(ctx: Any, projected: Any, grid: Size, scale: int, filter: str) -> Path:
    """The pair sheet of a project node written as the render's PNG artifact."""
    from gandsl.render.embed import meta_text
    from gandsl.render.output import artifact_path
    from gandsl.render.png import write_png
    from gandsl.render.tile import upscale

    sheet = upscale(pair_sheet(*projected.pairs, grid.w, grid.h)[None], scale, filter)[0]
    target = artifact_path(ctx.tmp_dir, "png")
    write_png(sheet, target, meta_text(ctx.recipe_meta))
    return target
