"""Sample grids: tile generator output into one image and write it as a PNG."""
from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path

import numpy as np
import torch


def to_uint8(x: torch.Tensor) -> np.ndarray:
    """[-1, 1] float [N,C,H,W] -> uint8 numpy [N,C,H,W]."""
    return ((x.detach().float().clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).cpu().numpy()


def grid(images: np.ndarray, cols: int = 0, pad: int = 1) -> np.ndarray:
    """uint8 [N,C,H,W] -> one uint8 [rows*(H+pad)+pad, cols*(W+pad)+pad, C] tile image."""
    n, c, h, w = images.shape
    cols = cols or math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)
    out = np.zeros((rows * (h + pad) + pad, cols * (w + pad) + pad, c), np.uint8)
    for i in range(n):
        r, k = divmod(i, cols)
        y, x = pad + r * (h + pad), pad + k * (w + pad)
        out[y:y + h, x:x + w] = images[i].transpose(1, 2, 0)
    return out


def write_png(tile: np.ndarray, path: Path, scale: int = 1) -> None:
    """Write an [H,W,C] uint8 image as PNG (nearest upscale), atomically."""
    from PIL import Image

    img = Image.fromarray(tile[..., 0] if tile.shape[2] == 1 else tile)
    if scale > 1:
        img = img.resize((img.width * scale, img.height * scale), Image.NEAREST)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # a fresh temporary file (O_EXCL: never a planted symlink), renamed over the preview (a
    # symlink there is replaced, not followed): a preview never writes outside the output folder
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.fchmod(fd, 0o644)  # an output like any other, not mkstemp's private 0600
    try:
        with os.fdopen(fd, "wb") as f:
            img.save(f, format="PNG")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@torch.no_grad()
def sample_sheet(g: torch.nn.Module, z: torch.Tensor, path: Path) -> None:
    """Generate from fixed latents z with g and write the grid to path (>= ~256 px wide); a
    pattern generator's samples are shown repeated 2x2, so the eye can judge the repeat."""
    images = g(z)  # [N,C,R,R]
    if hasattr(g, "sines"):  # gan/pattern.py: every sample tiles
        images = images[:16].repeat(1, 1, 2, 2)  # [16,C,2R,2R]
    images = to_uint8(images)
    tile = grid(images)
    write_png(tile, path, scale=max(1, 256 // tile.shape[1]))
