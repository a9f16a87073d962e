"""Save a sample grid of every built-in dataset to out/data_samples/ (look at each one)."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

from gandsl.context import RunContext
from gandsl.ops.registry import get_op

DATASETS = {
    "digits": {"size": 32, "count": 4000},
    "digits_64": {"op": "digits", "size": 64, "count": 64},
    "faces": {"size": 32, "count": 4000},
    "textures": {"size": 32, "count": 4000},
    "photos": {"size": 64, "count": 1000},
    "glyphs": {"size": 32, "count": 4000},
    "shapes": {"size": 32, "count": 4000},
}


def grid(images: np.ndarray, columns: int = 12, scale: int = 3) -> Image.Image:
    """The first columns**2 images of uint8 [N, C, H, W] tiled in a grid, upscaled."""
    n, c, h, w = images.shape
    rows = min(columns, (n + columns - 1) // columns)
    sheet = np.zeros((rows * (h + 1) + 1, columns * (w + 1) + 1, c), dtype=np.uint8)
    sheet[...] = 64
    for i in range(min(n, rows * columns)):
        y, x = divmod(i, columns)
        sheet[1 + y * (h + 1):1 + y * (h + 1) + h, 1 + x * (w + 1):1 + x * (w + 1) + w] = \
            images[i].transpose(1, 2, 0)
    picture = Image.fromarray(sheet[..., 0] if c == 1 else sheet)
    return picture.resize((picture.width * scale, picture.height * scale), Image.NEAREST)


def main(names: list[str]) -> None:
    """Make each dataset, time it, and write its grid."""
    out = Path("out/data_samples")
    out.mkdir(parents=True, exist_ok=True)
    for name in names or list(DATASETS):
        params = dict(DATASETS[name])
        op = get_op("data", params.pop("op", name))
        full = {p.name: p.default for p in op.spec.params} | params
        start = time.perf_counter()
        images = op.run(RunContext(node=name, warn=print), full, {})
        seconds = time.perf_counter() - start
        grid(images).save(out / f"{name}.png")
        print(f"{name:10s} {images.shape} {seconds:.2f}s  mean={images.mean():.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
