"""Storing a data node's images: one uint8 .npy (no pickle) plus a small JSON summary.

Labelled data (digits, glyphs, shapes, `folder { classes = true }`) also writes `labels.npy`
(int64 [N], the class index of each image) and lists the class names in images.json.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Sequence

import numpy as np

IMAGES_FILE = "images.npy"
LABELS_FILE = "labels.npy"
INFO_FILE = "images.json"


class Labelled(np.ndarray):
    """uint8 images [N, C, H, W] carrying `labels` (int64 [N]) and `classes` (names).

    Arrays derived from it (slices, copies, np.asarray) are plain images without labels.
    """

    labels: np.ndarray | None
    classes: tuple[str, ...]

    def __new__(cls, images: Any, labels: Any, classes: Sequence[str]) -> "Labelled":
        obj = np.asarray(images).view(cls)
        obj.labels = np.ascontiguousarray(labels, dtype=np.int64)
        obj.classes = tuple(str(c) for c in classes)
        if obj.labels.shape != (obj.shape[0],):
            raise ValueError(f"{obj.shape[0]} images but labels of shape {obj.labels.shape}")
        if len(obj.labels) and not 0 <= int(obj.labels.min()) <= int(obj.labels.max()) < len(obj.classes):
            raise ValueError(f"labels outside 0..{len(obj.classes) - 1}")
        return obj

    def __array_finalize__(self, obj: Any) -> None:
        self.labels, self.classes = None, ()


def labels_of(images: Any) -> tuple[np.ndarray, tuple[str, ...]] | None:
    """(labels [N], class names) of labelled data, or None."""
    labels = getattr(images, "labels", None)
    return None if labels is None else (labels, images.classes)


def check_images(images: Any) -> np.ndarray:
    """The images as a contiguous uint8 [N, C, H, W] array; ValueError when they are not."""
    array = np.ascontiguousarray(images)
    if array.dtype != np.uint8 or array.ndim != 4 or array.shape[1] not in (1, 3):
        raise ValueError(f"data must be uint8 [N, 1|3, H, W], got {array.dtype} {array.shape}")
    return array


def save_images(images: Any, folder: Path) -> None:
    """Write images.npy (allow_pickle=False), labels.npy when labelled, and images.json."""
    labelled = labels_of(images)
    array = check_images(images)
    folder = Path(folder)
    np.save(folder / IMAGES_FILE, array, allow_pickle=False)
    n, c, h, w = array.shape
    info: dict[str, Any] = {"count": n, "channels": c, "height": h, "width": w, "dtype": "uint8"}
    if labelled is not None:
        np.save(folder / LABELS_FILE, labelled[0], allow_pickle=False)
        info["classes"] = list(labelled[1])
    (folder / INFO_FILE).write_text(json.dumps(info, indent=1) + "\n")


def load_images(folder: Path) -> np.ndarray:
    """The images saved by `save_images`, memory-mapped copy-on-write (the file never changes)."""
    folder = Path(folder)
    images = np.load(folder / IMAGES_FILE, mmap_mode="c", allow_pickle=False)
    if not (folder / LABELS_FILE).exists():
        return images
    classes = json.loads((folder / INFO_FILE).read_text())["classes"]
    return Labelled(images, np.load(folder / LABELS_FILE, allow_pickle=False), classes)
