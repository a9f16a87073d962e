"""data op `folder`: your own images: a folder searched recursively for png, jpg and webp."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_data import (image_shape as shape, load_images as load,  # noqa: F401
                                    save_images as save)
from gandsl.context import RunContext

SPEC = OpSpec(
    stage="data",
    name="folder",
    version=2,
    help="your own images: a folder searched recursively for png, jpg and webp, center-cropped",
    params=(
        ParamSpec("path", "path", help="folder of images, relative to the recipe"),
        ParamSpec("size", "int", 64, "resize and center-crop to this side", lo=8, hi=256),
        ParamSpec("channels", "int", 3, "1 (grey) or 3 (RGB)", choices=(1, 3)),
        ParamSpec("classes", "bool", False,
                  "label each image by its top-level sub-folder (one class per sub-folder)"),
        ParamSpec("crops", "int", 0, "random crops per image instead of one centre crop (0: the "
                  "centre crop), so one photo or painting is a data set", lo=0, hi=100_000, added=True),
        ParamSpec("crop", "int", 0, "side of each random crop in source pixels, resized to `size` "
                  "(0: `size`); images smaller than it are skipped", lo=0, hi=8192, added=True),
        ParamSpec("seed", "int", 0, "random seed of the crops' places and mirrors", lo=0, added=True),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    """The folder's images, uint8 [N, channels, size, size]; unreadable files skipped."""
    from gandsl.data.folder import load_folder, load_labelled_folder
    from gandsl.data.imaging import check_channels
    from gandsl.data.store import Labelled

    channels = check_channels(params["channels"])
    read = reader(params)
    if not params.get("classes"):
        return load_folder(Path(params["path"]), params["size"], channels, ctx.warn, read)
    images, labels, names = load_labelled_folder(Path(params["path"]), params["size"], channels,
                                                 ctx.warn, read=read)
    return Labelled(images, labels, names)


def reader(params: dict[str, Any]) -> Any:
    """How a file becomes images: one centre square, or `crops` random crops of `crop` px."""
    import functools

    from gandsl.data.folder import read_crops, read_square

    if not params.get("crops"):
        return read_square
    crop = int(params.get("crop") or params["size"])
    return functools.partial(read_crops, crops=int(params["crops"]), crop=crop, seed=int(params["seed"]))


def classes(params: dict[str, Any]) -> list[str] | None:
    """With `classes = true`: labels whose names (the sub-folders) are known when it runs ([])."""
    return [] if params.get("classes") else None


def check(params: dict[str, Any], upstream: dict[str, Any]) -> list:
    """A folder that does not exist or holds no images is a check error, not a failed run."""
    from gandsl.data.folder import FolderTooLarge, image_files
    from gandsl.lang.check_nodes import Problem

    folder = Path(params["path"])
    shown = os.path.relpath(folder) if not os.path.relpath(folder).startswith("..") else folder
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        return [Problem("E070", f"image folder `{shown}` {what}", "path", what,
                        "paths are relative to the recipe's folder")]
    try:
        images = image_files(folder)
    except FolderTooLarge as err:
        return [Problem("E070", str(err), "path", "far too many entries", err.diagnostics[0].help)]
    if not images:
        return [Problem("E070", f"image folder `{shown}` holds no png, jpg or webp images", "path",
                        "no images here", "put some images there or point `path` elsewhere")]
    return []


def count(params: dict[str, Any]) -> int | None:
    """How many images it yields (crops per image, else one each); None if the folder is unusable."""
    from gandsl.data.folder import FolderTooLarge, image_files

    try:
        found = len(image_files(Path(params["path"])))
    except (FolderTooLarge, OSError):
        return None
    return found * (int(params.get("crops") or 0) or 1)


def files(params: dict[str, Any]) -> list[Path]:
    """The sorted image files under `path` (the engine digests them into the cache key)."""
    from gandsl.data.folder import folder_files

    return folder_files(params)

