"""data op `shapes`: procedural coloured shapes on plain backgrounds."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.ops.registry import OpSpec, ParamSpec

SPEC = OpSpec(
    stage="data",
    name="shapes",
    version=1,
    help="procedural coloured shapes on plain backgrounds",
    params=(
        ParamSpec("size", "int", 32, "image side in pixels (square)", lo=8, hi=256),
        ParamSpec("shapes", "list", ["circle", "square", "triangle", "star"],
                  "which shapes to draw", item="str",
                  choices=("circle", "square", "triangle", "star")),
        ParamSpec("channels", "int", 3, "1 (grey) or 3 (RGB)", lo=1, hi=3),
        ParamSpec("count", "int", 4000, "number of images to make", lo=1, hi=1_000_000),
        ParamSpec("seed", "int", 0, "random seed for shape, colour, size, angle, place",
                  lo=0),
    ),
)



def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    """Random coloured shapes, uint8 [count, channels, size, size]."""
    from gandsl.data.imaging import check_channels, to_channels
    from gandsl.data.shapes import make_shapes

    channels = check_channels(params["channels"])
    images = make_shapes(params["size"], list(params["shapes"]), params["count"], params["seed"])
    return to_channels(images, channels)


def save(value: Any, path: Path) -> None:
    """Store the value in a store directory (numpy is imported only here)."""
    from gandsl.data.node_io import save as save_images

    save_images(value, path)


def load(path: Path) -> Any:
    """The stored value back."""
    from gandsl.data.node_io import load as load_images

    return load_images(path)
