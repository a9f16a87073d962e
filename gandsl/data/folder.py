"""The user's own images: a folder searched recursively, each image fitted to a square."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

import numpy as np

from gandsl.data.imaging import fit_square, open_rgb, pil_to_chw, to_channels
from gandsl.errors import NodeFailed

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
MAX_FOLDER_ENTRIES = 200_000  # files and folders under a `folder` data node's path
LISTED_IN_WARNING = 20


class FolderTooLarge(NodeFailed):
    """A `folder` whose tree holds more entries than a data set plausibly does (E070)."""


def image_files(folder: Path, limit: int | None = None) -> list[Path]:
    """Every png, jpg, jpeg or webp file under `folder` (any case), sorted; [] if no folder.

    The walk stops with FolderTooLarge after `limit` entries: a shared recipe naming `/` (or a
    home folder) must not make `check` read a whole disk."""
    folder, limit = Path(folder), MAX_FOLDER_ENTRIES if limit is None else limit
    if not folder.is_dir():
        return []
    found, seen = [], 0
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        seen += len(dirs) + len(names)
        if seen > limit:
            raise FolderTooLarge(f"image folder `{folder}` holds over {limit:,} files and folders",
                                 code="E070", help="point `path` at a folder of images only")
        found += [Path(root) / n for n in names if Path(n).suffix.lower() in IMAGE_SUFFIXES]
    return sorted(p for p in found if p.is_file())


def read_square(path: Path, size: int) -> np.ndarray | None:
    """One file as uint8 [1, 3, size, size], or None when it cannot be read as an image."""
    try:
        return pil_to_chw(fit_square(open_rgb(path, min_side=size), size))[None]
    except Exception:  # Pillow raises many kinds for a broken file; all mean "skip it"
        return None


def read_crops(path: Path, size: int, crops: int, crop: int, seed: int) -> np.ndarray | None:
    """`crops` random crop x crop squares of one file, resized to size: uint8 [crops, 3, size, size];
    None when it cannot be read or is smaller than `crop`. The draws depend on the seed and the
    file's name only, so adding a file leaves the crops of the others as they were."""
    import zlib

    from gandsl.data.crops import random_crops

    try:
        image = open_rgb(path)
    except Exception:  # Pillow raises many kinds for a broken file; all mean "skip it"
        return None
    if min(image.size) < crop:
        return None
    return random_crops([image], size, crop, crops, [seed, zlib.crc32(path.name.encode())])


def skipped_message(folder: Path, skipped: list[Path]) -> str:
    """One warning that lists the unreadable files (the first few, then a count)."""
    names = [str(p.relative_to(folder)) for p in skipped[:LISTED_IN_WARNING]]
    more = len(skipped) - len(names)
    listing = ", ".join(names) + (f" and {more} more" if more else "")
    return (f"skipped {len(skipped)} unreadable or oversized image file(s) (or, with `crops`, smaller "
            f"than `crop`) in {folder}: {listing}")


def load_folder(folder: Path, size: int, channels: int, warn: Callable[[str], None],
                read: Callable[[Path, int], np.ndarray | None] = read_square) -> np.ndarray:
    """Every readable image of `folder` as uint8 [N, channels, size, size]."""
    return load_labelled_folder(folder, size, channels, warn, classes=False, read=read)[0]


def class_of(folder: Path, path: Path) -> str | None:
    """The top-level sub-folder an image lies in (its class), or None for a loose file."""
    parts = path.relative_to(folder).parts
    return parts[0] if len(parts) > 1 else None


def load_labelled_folder(folder: Path, size: int, channels: int, warn: Callable[[str], None],
                         classes: bool = True, read: Callable[[Path, int], np.ndarray | None] = read_square,
                         ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(images, labels [N], class names): with `classes`, one class per top-level sub-folder;
    `read` makes a file's images (one centre square, or random crops)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise NodeFailed(f"image folder not found: {folder}", code="E306")
    paths = image_files(folder)
    if classes:
        loose = [p for p in paths if class_of(folder, p) is None]
        if loose:
            warn(f"skipped {len(loose)} image(s) not in a class sub-folder of {folder} "
                 f"(with `classes = true` each sub-folder is one class)")
        paths = [p for p in paths if class_of(folder, p) is not None]
    images, kept, skipped = [], [], []
    for path in paths:
        read_images = read(path, size)
        (skipped if read_images is None else kept).append(path)
        if read_images is not None:
            images.append(read_images)
    if skipped:
        warn(skipped_message(folder, skipped))
    if not images:
        where = "class sub-folders of " if classes else "folder "
        raise NodeFailed(f"no readable images (png, jpg, jpeg, webp) in {where}{folder}",
                         code="E307", help="put some images there or point `path` elsewhere")
    found = [class_of(folder, p) or "" if classes else "" for p in kept]
    names = sorted(set(found))
    labels = np.array([names.index(c) for c, x in zip(found, images) for _ in x], dtype=np.int64)
    return to_channels(np.concatenate(images), channels), labels, names


def folder_files(params: dict[str, Any]) -> list[Path]:
    """The image files a folder node reads (their content goes into the cache key)."""
    return image_files(Path(params["path"]))
