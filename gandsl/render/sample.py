"""Run a trained generator over many latents in batches, on a device, as uint8 images."""
from __future__ import annotations

from typing import Any

import numpy as np


def to_uint8(images: Any) -> Any:
    """Torch images [N, C, H, W] in [-1, 1] to uint8 [N, H, W, C] (still a tensor)."""
    import torch

    scaled = ((images.float().clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8)
    return scaled.permute(0, 2, 3, 1)


def generate(trained: Any, z: np.ndarray, device: str, batch: int, task: Any = None,
             cond: np.ndarray | None = None) -> np.ndarray:
    """Images uint8 [M, H, W, C] for latents z [M, latent], `batch` latents per model call.

    cond (conditional generators): classes int [M], or class embeddings float [M, E].
    """
    import torch

    gen = trained.generator(device)
    chunks = []
    with torch.inference_mode():
        for start in range(0, len(z), batch):
            zb = torch.from_numpy(np.ascontiguousarray(z[start:start + batch], dtype=np.float32))
            chunks.append(to_uint8(gen(zb.to(device), **_cond(cond, start, batch, device))).cpu().numpy())
            if task is not None:
                task.advance(len(zb))
    return np.concatenate(chunks, axis=0)


def _cond(cond: np.ndarray | None, start: int, batch: int, device: str) -> dict[str, Any]:
    """The class keyword of one generator call: y (int classes) or e (embeddings)."""
    import torch

    if cond is None:
        return {}
    part = np.ascontiguousarray(cond[start:start + batch])
    if part.ndim == 1:
        return {"y": torch.from_numpy(part.astype(np.int64)).to(device)}
    return {"e": torch.from_numpy(part.astype(np.float32)).to(device)}
