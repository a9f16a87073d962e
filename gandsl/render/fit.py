"""Time and frame geometry of renders: resampling a clip to a frame rate, fitting an exact size."""
from __future__ import annotations

import numpy as np

from gandsl.render.colors import parse_color  # noqa: F401  (re-exported)


def retime_indices(n: int, clip_fps: float, fps: float, speed: float = 1.0) -> np.ndarray:
    """Which of n frames (at clip_fps) to show at `fps` so the clip lasts n / clip_fps / speed s."""
    count = max(1, round(n * fps / (clip_fps * speed)))
    index = np.floor(np.arange(count) * speed * clip_fps / fps + 1e-9).astype(np.int64)
    return np.minimum(index, n - 1)


def retime(frames: np.ndarray, clip_fps: float, fps: float, speed: float = 1.0) -> np.ndarray:
    """Frames [n, H, W, C] resampled in time (nearest earlier frame); the duration / speed stays."""
    if fps == clip_fps and speed == 1.0:
        return frames
    return frames[retime_indices(len(frames), clip_fps, fps, speed)]


def fit(frames: np.ndarray, width: int, height: int, mode: str, background: tuple[int, int, int],
        filter: str = "nearest") -> np.ndarray:
    """Frames [n, H, W, C] scaled to exactly width x height: `contain` pads with background,
    `cover` fills and crops the centre."""
    from PIL import Image

    n, h, w, c = frames.shape
    s = min(width / w, height / h) if mode == "contain" else max(width / w, height / h)
    sw, sh = max(1, round(w * s)), max(1, round(h * s))
    resample = Image.Resampling.NEAREST if filter == "nearest" else Image.Resampling.LANCZOS
    fill = np.array(background[:1] if c == 1 else background, dtype=np.uint8)
    out = np.empty((n, height, width, c), dtype=np.uint8)
    out[:] = fill
    for i, frame in enumerate(frames):
        img = Image.fromarray(frame[..., 0] if c == 1 else frame).resize((sw, sh), resample)
        big = np.asarray(img).reshape(sh, sw, c)
        x0, y0 = (width - sw) // 2, (height - sh) // 2  # negative under `cover`: crop
        src = big[max(0, -y0):max(0, -y0) + min(height, sh), max(0, -x0):max(0, -x0) + min(width, sw)]
        out[i, max(0, y0):max(0, y0) + src.shape[0], max(0, x0):max(0, x0) + src.shape[1]] = src
    return out
