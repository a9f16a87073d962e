"""render op `plot`: loss curves of a train node as a PNG."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.ops.registry import OpSpec, ParamSpec

SPEC = OpSpec(
    stage="render",
    name="plot",
    version=1,
    help="loss curves of a train node as a PNG",
    params=(
        ParamSpec("from", "node", help="the train node whose losses to plot", stages=("train",)),
        ParamSpec("out", "out", None, "output file inside the output folder (default: NODE.png)"),
        ParamSpec("smooth", "int", 20, "moving-average window in logged points", lo=1, hi=10_000),
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    raise NotImplementedError("render plot: not implemented yet")


def save(value: Any, path: Path) -> None:
    raise NotImplementedError


def load(path: Path) -> Any:
    raise NotImplementedError
