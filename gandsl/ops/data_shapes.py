"""data op `shapes`: procedural coloured shapes on plain backgrounds."""
from __future__ import annotations

from typing import Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_data import (image_shape as shape, load_images as load,  # noqa: F401
                                    save_images as save)
from gandsl.context import RunContext

SPEC = OpSpec(
    stage="data",
    name="shapes",
    version=2,
    help="procedural coloured shapes on plain backgrounds",
    params=(
        ParamSpec("size", "int", 32, "image side in pixels (square)", lo=8, hi=256),
        ParamSpec("shapes", "list", ["circle", "square", "triangle", "star"],
                  "which shapes to draw", item="str",
                  choices=("circle", "square", "triangle", "star")),
        ParamSpec("channels", "int", 3, "1 (grey) or 3 (RGB)", choices=(1, 3)),
        ParamSpec("count", "int", 4000, "number of images to make", lo=1, hi=1_000_000),
        ParamSpec("seed", "int", 0, "random seed for shape, colour, size, angle, place",
                  lo=0),
    ),
)



def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    """Random coloured shapes, uint8 [count, channels, size, size], one class per kind."""
    import numpy as np

    from gandsl.data.imaging import check_channels, to_channels
    from gandsl.data.shapes import make_labelled_shapes
    from gandsl.data.store import Labelled

    channels = check_channels(params["channels"])
    names = list(params["shapes"])
    images, picks = make_labelled_shapes(params["size"], names, params["count"], params["seed"])
    kinds = classes(params)
    labels = np.array([kinds.index(names[p]) for p in picks], dtype=np.int64)
    return Labelled(to_channels(images, channels), labels, kinds)


def classes(params: dict[str, Any]) -> list[str]:
    """One class per kind of shape, in the order listed (known before the node runs)."""
    return list(dict.fromkeys(params["shapes"]))

