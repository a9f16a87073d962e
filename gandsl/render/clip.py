"""The value of a walk node: a clip of uint8 frames and its frame rate."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass
class Clip:
    """Frames uint8 [N, H, W, C] (C is 1 or 3) shown at `fps` frames per second."""

    frames: np.ndarray
    fps: float

    def __post_init__(self) -> None:
        if self.frames.dtype != np.uint8 or self.frames.ndim != 4:
            raise ValueError("Clip frames must be uint8 [N, H, W, C]")

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) of one frame."""
        return int(self.frames.shape[2]), int(self.frames.shape[1])

    def rgb(self) -> np.ndarray:
        """The frames with 3 channels (gray repeated)."""
        return self.frames if self.frames.shape[3] == 3 else np.repeat(self.frames, 3, axis=3)


def save_clip(clip: Clip, path: Path) -> None:
    """Write a clip as frames.npy and clip.json into a folder (no pickle)."""
    path.mkdir(parents=True, exist_ok=True)
    np.save(path / "frames.npy", np.ascontiguousarray(clip.frames), allow_pickle=False)
    (path / "clip.json").write_text(json.dumps({"fps": clip.fps}))


def load_clip(path: Path) -> Clip:
    """Read a clip written by save_clip."""
    frames = np.load(path / "frames.npy", allow_pickle=False)
    fps = float(json.loads((path / "clip.json").read_text())["fps"])
    return Clip(frames, fps)
