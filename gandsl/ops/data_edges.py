"""data op `edges`: line drawings (dark lines on white) of another data node's images, paired by index."""
from __future__ import annotations

from typing import Any

from gandsl.context import RunContext
from gandsl.ops.common_data import load_images as load, save_images as save  # noqa: F401
from gandsl.spec import OpSpec, ParamSpec

SPEC = OpSpec(
    stage="data",
    name="edges",
    version=1,
    help="line drawings (dark lines on white) of another data node's images, image i of one from "
         "image i of the other: pairs for `translate { paired = true }` (sketch -> image)",
    params=(
        ParamSpec("from", "node", help="the data node whose images to draw", stages=("data",)),
        ParamSpec("detail", "float", 0.5, "how faint an edge still draws a line: 0 only the strongest "
                  "outlines, 1 every texture", lo=0.0, hi=1.0),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    """uint8 [N, 1, H, W], one drawing per image of `from`."""
    import numpy as np

    from gandsl.data.single import line_drawing

    return line_drawing(np.asarray(inputs["from"]), float(params["detail"]))


def shape(params: dict[str, Any], shapes: Any) -> Any:
    """As many drawings as `from` has images, of its size, grey."""
    import dataclasses

    inner = shapes.of(params.get("from"))
    return dataclasses.replace(inner, c=1) if inner is not None else None
