"""data op `folder`: your own images: a folder searched recursively for png, jpg and webp."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.ops.registry import OpSpec, ParamSpec

SPEC = OpSpec(
    stage="data",
    name="folder",
    version=1,
    help="your own images: a folder searched recursively for png, jpg and webp",
    params=(
        ParamSpec("path", "path", help="folder of images, relative to the recipe"),
        ParamSpec("size", "int", 64, "resize and center-crop to this side", lo=8, hi=256),
        ParamSpec("channels", "int", 3, "1 (grey) or 3 (RGB)", lo=1, hi=3),
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    raise NotImplementedError("data folder: not implemented yet")


def save(value: Any, path: Path) -> None:
    raise NotImplementedError


def load(path: Path) -> Any:
    raise NotImplementedError
