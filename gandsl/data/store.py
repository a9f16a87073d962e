"""Storing a data node's images: one uint8 .npy (no pickle) plus a small JSON summary."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

IMAGES_FILE = "images.npy"
INFO_FILE = "images.json"


def check_images(images: Any) -> np.ndarray:
    """The images as a contiguous uint8 [N, C, H, W] array; ValueError when they are not."""
    array = np.ascontiguousarray(images)
    if array.dtype != np.uint8 or array.ndim != 4 or array.shape[1] not in (1, 3):
        raise ValueError(f"data must be uint8 [N, 1|3, H, W], got {array.dtype} {array.shape}")
    return array


def save_images(images: Any, folder: Path) -> None:
    """Write the images to `folder` as images.npy (allow_pickle=False) and images.json."""
    array = check_images(images)
    folder = Path(folder)
    np.save(folder / IMAGES_FILE, array, allow_pickle=False)
    n, c, h, w = array.shape
    info = {"count": n, "channels": c, "height": h, "width": w, "dtype": "uint8"}
    (folder / INFO_FILE).write_text(json.dumps(info, indent=1) + "\n")


def load_images(folder: Path) -> np.ndarray:
    """The images saved by `save_images`, memory-mapped copy-on-write (the file never changes)."""
    return np.load(Path(folder) / IMAGES_FILE, mmap_mode="c", allow_pickle=False)
