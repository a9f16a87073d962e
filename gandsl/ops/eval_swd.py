"""eval op `swd`: multi-scale sliced Wasserstein distance (ProGAN) of samples against the data."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.ops.registry import OpSpec, ParamSpec

SPEC = OpSpec(
    stage="eval",
    name="swd",
    version=1,
    help="multi-scale sliced Wasserstein distance (ProGAN) of samples against the data",
    params=(
        ParamSpec("from", "node", help="the train node to sample", stages=("train",)),
        ParamSpec("data", "node", help="the data node to compare with", stages=("data",)),
        ParamSpec("out", "out", None, "JSON report inside the output folder (default: NODE.json)"),
        ParamSpec("samples", "int", 1024, "images compared from each side", lo=16, hi=100_000),
        ParamSpec("seed", "int", 0, "random seed", lo=0),
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    raise NotImplementedError("eval swd: not implemented yet")


def save(value: Any, path: Path) -> None:
    raise NotImplementedError


def load(path: Path) -> Any:
    raise NotImplementedError
