"""Drawing tileable swatches from a pattern model at any size: latents, one pass or wrapped tiles.

The latent of seed s at a grid of h x w cells is the keyframe latent a walk with the same `seed`
has at key s (render/paths.key_latents), read as the global vector then the local noise grid, so
one seed keeps its look (the global vector) at every size. A picture too big for one pass is
drawn in tiles of the noise grid, each with a margin of cells taken around the torus (wrapping
at the edges), and the margins are cut off: the tiles join as the one pass would.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from gandsl.gan.pattern_grid import latent_size, to_grid
from gandsl.render.paths import key_latents

PASS_BYTES = 256 << 20  # activations of one generator pass above this: draw in tiles
MARGIN = 2  # cells around a tile: more than the generator's reach (< 2 cells)


def swatch_latents(spec: dict[str, Any], seed: int, seeds: list[int], h: int, w: int) -> np.ndarray:
    """Grids [len(seeds), latent + local, h, w] of the given seeds (float64)."""
    flat = key_latents(seed, seeds, 1, latent_size(spec, h, w))[:, 0]  # [K, L + l*h*w]
    return to_grid(flat, spec, h, w)


def pass_bytes(spec: dict[str, Any], h: int, w: int) -> int:
    """About the peak activation bytes of one generator pass drawing h x w pixels."""
    width = int(spec["width"])
    return (2 * width + width) * 4 * h * w * 2  # the last upsampled map, its conv, slack x2


def draw(g: Any, z: np.ndarray, spec: dict[str, Any], device: str) -> np.ndarray:
    """Pictures uint8 [N, H, W, C] of grids z [N, L + l, h, w]; in tiles when one pass is too big."""
    import torch

    from gandsl.render.sample import to_uint8

    step = int(spec["step"])
    h, w = z.shape[2], z.shape[3]
    out = []
    with torch.inference_mode():
        for one in z:
            field = g.inputs(torch.from_numpy(one[None].astype(np.float32)).to(device))  # [1,F,h,w]
            if pass_bytes(spec, h * step, w * step) <= PASS_BYTES:
                out.append(to_uint8(g.net(field)).cpu().numpy()[0])
            else:
                out.append(_tiled(g, field, step, _tile_cells(spec, h, w)))
    return np.stack(out)


def _tile_cells(spec: dict[str, Any], h: int, w: int) -> int:
    """Cells a side of one tile (without its margin) that fits PASS_BYTES."""
    step, side = int(spec["step"]), max(h, w)
    while side > 1 and pass_bytes(spec, (side + 2 * MARGIN) * step, (side + 2 * MARGIN) * step) > PASS_BYTES:
        side = (side + 1) // 2
    return side


def _tiled(g: Any, field: Any, step: int, cells: int) -> np.ndarray:
    """One picture uint8 [H, W, C] drawn tile by tile from its input field [1, F, h, w]."""
    from gandsl.render.sample import to_uint8

    h, w = field.shape[2], field.shape[3]
    rows = []
    for y in range(0, h, cells):
        row = []
        for x in range(0, w, cells):
            ys = np.arange(y - MARGIN, min(y + cells, h) + MARGIN) % h  # wrap around the torus
            xs = np.arange(x - MARGIN, min(x + cells, w) + MARGIN) % w
            part = g.net(field[:, :, ys][:, :, :, xs])  # [1,C,(c+2m)*step,...]
            m = MARGIN * step
            row.append(to_uint8(part[:, :, m:part.shape[2] - m, m:part.shape[3] - m]).cpu().numpy()[0])
        rows.append(np.concatenate(row, axis=1))
    return np.concatenate(rows, axis=0)


def repeated(swatches: list[np.ndarray], repeat: Any, gap: int = 8) -> np.ndarray:
    """Each swatch [H, W, C] repeated repeat.w x repeat.h, side by side on white: [H', W', C]."""
    blocks = [np.tile(s, (repeat.h, repeat.w, 1)) for s in swatches]
    height = max(b.shape[0] for b in blocks)
    width = sum(b.shape[1] for b in blocks) + gap * (len(blocks) - 1)
    sheet = np.full((height, width, blocks[0].shape[2]), 255, np.uint8)
    x = 0
    for b in blocks:
        sheet[:b.shape[0], x:x + b.shape[1]] = b
        x += b.shape[1] + gap
    return sheet
