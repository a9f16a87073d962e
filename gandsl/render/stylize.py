"""Frames through a trained translator (stage `stylize`), at any size, in tiles above a budget.

The translator is fully convolutional with no normalisation over the image, so an output pixel
depends only on the input within `reach` pixels. A large frame is cut into tiles whose inputs
overlap by that reach on every side (offsets on the network's stride grid) and only each tile's
core is kept: the tiled picture equals the one-pass picture, without seams (tests/test_stylize.py).
"""
from __future__ import annotations

from typing import Any, Iterator

import numpy as np

from gandsl.errors import NodeFailed

TILE = 256  # core side of a tile (a multiple of the stride)
ONE_PASS_PIXELS = 640 * 640  # frames up to this many pixels are painted in one pass


def reach(spec: dict[str, Any]) -> int:
    """Input pixels on each side an output pixel reads, on the stride grid (4 per residual conv)."""
    from gandsl.gan.translate_models import STRIDE

    r = 16 + 8 * int(spec["blocks"])
    return -(-r // STRIDE) * STRIDE


def match_channels(x: Any, channels: int) -> Any:
    """[N,C,H,W] float as `channels` (grey by the mean of RGB; grey repeated to RGB)."""
    if x.shape[1] == channels:
        return x
    return x.mean(1, keepdim=True) if channels == 1 else x[:, :1].repeat(1, channels, 1, 1)


def spans(side: int, tile: int, margin: int) -> Iterator[tuple[int, int, int, int]]:
    """(input start, input end, core start, core end) along one side of the padded frame."""
    for start in range(0, side, tile):
        end = min(start + tile, side)
        yield max(0, start - margin), min(side, end + margin), start, end


def paint(net: Any, x: Any, margin: int, tiled: bool) -> Any:
    """net(x) for x [N,C,H,W] (H, W on the stride grid), in overlapping tiles when `tiled`."""
    import torch

    if not tiled:
        return net(x)
    out = None
    for y0, y1, cy0, cy1 in spans(x.shape[2], TILE, margin):
        for x0, x1, cx0, cx1 in spans(x.shape[3], TILE, margin):
            part = net(x[:, :, y0:y1, x0:x1])
            if out is None:
                out = torch.empty((x.shape[0], part.shape[1], *x.shape[2:]), dtype=part.dtype)
            out[:, :, cy0:cy1, cx0:cx1] = part[:, :, cy0 - y0:cy1 - y0, cx0 - x0:cx1 - x0]
    return out


def stylize(frames: np.ndarray, trained: Any, strength: float, device: str, batch: int = 4,
            tiled: bool | None = None, task: Any = None) -> np.ndarray:
    """Frames uint8 [N,H,W,C] painted by the translator, blended by `strength`: uint8 [N,H,W,Cb]."""
    import torch
    import torch.nn.functional as F

    from gandsl.gan.translate_models import STRIDE
    from gandsl.render.sample import to_uint8

    n, h, w, _ = frames.shape
    if min(h, w) < 8:
        raise NodeFailed(f"frames of {w}x{h} are too small to stylize (under 8 px)", code="E321")
    net, margin = trained.translator(device), reach(trained.model)
    tiled = h * w > ONE_PASS_PIXELS if tiled is None else tiled
    ph, pw = -h % STRIDE, -w % STRIDE
    out = np.empty((n, h, w, trained.channels_b), dtype=np.uint8)
    with torch.inference_mode():
        for start in range(0, n, 1 if tiled else batch):
            x = torch.from_numpy(np.array(frames[start:start + (1 if tiled else batch)]))  # a writable copy
            x = x.to(device).permute(0, 3, 1, 2).float().div_(127.5).sub_(1.0)  # [b,C,H,W]
            src = F.pad(match_channels(x, trained.channels_a), (0, pw, 0, ph), mode="replicate")
            y = paint(net, src, margin, tiled)[:, :, :h, :w].clamp(-1, 1)
            x = match_channels(x, y.shape[1])  # the input as the output's channels, to blend with
            y = x + float(strength) * (y - x)
            out[start:start + len(x)] = to_uint8(y).cpu().numpy()  # [b,H,W,Cb]
            if task is not None:
                task.advance(len(x))
    return out
