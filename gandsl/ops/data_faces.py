"""data op `faces`: small grey faces (scikit-image's LFW subset)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.ops.registry import OpSpec, ParamSpec

SPEC = OpSpec(
    stage="data",
    name="faces",
    version=1,
    help="small grey faces (scikit-image's LFW subset)",
    params=(
        ParamSpec("size", "int", 32, "image side in pixels (square)", lo=8, hi=256),
        ParamSpec("channels", "int", 1, "1 (grey) or 3 (RGB)", lo=1, hi=3),
        ParamSpec("count", "int", 4000, "number of images to make", lo=1, hi=1_000_000),
        ParamSpec("seed", "int", 0, "random seed for crops and jitter", lo=0),
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    raise NotImplementedError("data faces: not implemented yet")


def save(value: Any, path: Path) -> None:
    raise NotImplementedError


def load(path: Path) -> Any:
    raise NotImplementedError
