"""The shared body of render ops: frame preparation and the single `artifact.<ext>` output."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np

from gandsl.render.tile import upscale


def prepared(clip: Any, params: dict[str, Any]) -> tuple[np.ndarray, float]:
    """The clip's frames (a data node's images as frames) resampled to `fps` (0 keeps the clip's)
    at `speed`, upscaled, fitted to `size` when given; and the fps to show them at."""
    from gandsl.render.colors import parse_color
    from gandsl.render.fit import fit, retime
    from gandsl.render.upscale import as_clip

    clip = as_clip(clip)
    fps = float(params.get("fps") or 0.0) or clip.fps
    frames = retime(clip.frames, clip.fps, fps, float(params.get("speed", 1.0)))
    frames = upscale(frames, int(params["scale"]), params["filter"])
    size = params.get("size")
    if size is not None:
        background = parse_color(str(params.get("background", "black"))) or (0, 0, 0)
        frames = fit(frames, size.w, size.h, params.get("fit", "contain"), background,
                     params["filter"])
    return frames, fps


def frame_durations(n: int, fps: float, unit_ms: int) -> list[int]:
    """Per-frame durations in ms on a `unit_ms` grid whose running sum tracks i / fps."""
    ticks = [round(i * 1000 / fps / unit_ms) for i in range(n + 1)]
    return [max(1, b - a) * unit_ms for a, b in zip(ticks, ticks[1:])]


def artifact_path(folder: Path, ext: str) -> Path:
    """Where a render writes its output: `artifact.<ext>` (ext '' names a folder) in folder."""
    folder.mkdir(parents=True, exist_ok=True)
    return folder / (f"artifact.{ext}" if ext else "artifact")


def save_artifact(value: Path, path: Path) -> None:
    """Copy a rendered file or folder into a store directory under its own name."""
    target = path / value.name
    if value.is_dir():
        shutil.copytree(value, target)
    else:
        shutil.copyfile(value, target)


def load_artifact(path: Path, ext: str) -> Path:
    """The stored artifact's path."""
    return path / (f"artifact.{ext}" if ext else "artifact")


def as_rgb(frames: np.ndarray) -> np.ndarray:
    """Frames [.., C] with 3 channels (grey repeated)."""
    return frames if frames.shape[-1] == 3 else np.repeat(frames, 3, axis=-1)
