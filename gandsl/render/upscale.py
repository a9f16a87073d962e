"""The upscale stage's work: frames from walks, upscale nodes or data; classical and learned upscaling.

A data node's images become frames in their stored order (image 0 first) at DATA_FPS. Learned
upscaling runs the trained upscaler over the frames in batches with no randomness, so the same
frame always gives the same pixels (animations do not flicker).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from gandsl.errors import NodeFailed
from gandsl.render.clip import Clip

DATA_FPS = 12.0
FILTERS = ("bicubic", "lanczos", "nearest")


def as_clip(value: Any) -> Clip:
    """A walk's or upscale node's Clip as it is; a data node's images [N,C,H,W] as frames."""
    if isinstance(value, Clip):
        return value
    images = np.asarray(value)
    return Clip(np.ascontiguousarray(images.transpose(0, 2, 3, 1)), DATA_FPS)


def wrapped(frames: np.ndarray, margin: int) -> np.ndarray:
    """Frames [N,H,W,C] with `margin` pixels of the opposite edges around them (a torus)."""
    return np.pad(frames, ((0, 0), (margin, margin), (margin, margin), (0, 0)), mode="wrap")


def unwrapped(frames: np.ndarray, margin: int) -> np.ndarray:
    """Frames [N,H,W,C] without the `margin` pixels `wrapped` added (scaled)."""
    return np.ascontiguousarray(frames[:, margin:frames.shape[1] - margin, margin:frames.shape[2] - margin])


def resize(frames: np.ndarray, factor: int, filter: str, tile: bool = False) -> np.ndarray:
    """Frames uint8 [N,H,W,C] enlarged `factor` times: nearest (repeat), or Pillow's bicubic/Lanczos;
    `tile`: filtered around the torus (a wrapped margin of 4 px, more than the filters reach)."""
    if factor == 1:
        return frames
    if tile and filter != "nearest":
        return unwrapped(resize(wrapped(frames, 4), factor, filter), 4 * factor)
    if filter == "nearest":
        return np.repeat(np.repeat(frames, factor, axis=1), factor, axis=2)
    from PIL import Image

    method = {"bicubic": Image.Resampling.BICUBIC, "lanczos": Image.Resampling.LANCZOS}[filter]
    n, h, w, c = frames.shape
    out = np.empty((n, h * factor, w * factor, c), dtype=np.uint8)
    for i, frame in enumerate(frames):
        img = Image.fromarray(frame[..., 0] if c == 1 else frame)
        big = np.asarray(img.resize((w * factor, h * factor), method))
        out[i] = big[..., None] if c == 1 else big
    return out


def learned(frames: np.ndarray, trained: Any, device: str, batch: int, task: Any = None,
            tile: bool = False) -> np.ndarray:
    """Frames uint8 [N,H,W,C] through the trained upscaler, `batch` frames per call: [N,fH,fW,C];
    `tile`: around the torus (a wrapped margin wider than the network reaches, cut off after)."""
    import torch

    from gandsl.render.sample import to_uint8

    if frames.shape[3] != trained.channels:
        raise NodeFailed(f"the upscaler was trained on {trained.channels}-channel images but the "
                         f"frames have {frames.shape[3]}", code="E081")
    net = trained.upscaler(device)
    if tile:
        margin = 2 + sum(m.kernel_size[0] // 2 for m in net.modules() if isinstance(m, torch.nn.Conv2d))
        out = learned(wrapped(frames, margin), trained, device, batch, task)
        return unwrapped(out, margin * (out.shape[1] // (frames.shape[1] + 2 * margin)))
    chunks = []
    with torch.inference_mode():
        for start in range(0, len(frames), batch):
            x = torch.from_numpy(np.ascontiguousarray(frames[start:start + batch]))
            x = x.to(device).permute(0, 3, 1, 2).float().div_(127.5).sub_(1.0)  # [b,C,h,w]
            chunks.append(to_uint8(net(x)).cpu().numpy())                     # [b,fh,fw,C]
            if task is not None:
                task.advance(len(x))
    return np.concatenate(chunks, axis=0)
