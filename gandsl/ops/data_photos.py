"""data op `photos`: random crops of photographs (astronaut, coffee, cat, rocket) or of `image`."""
from __future__ import annotations

from typing import Any

from gandsl.spec import OpSpec
from gandsl.ops.common_data import (image_shape as shape, crop_params, image_file as files,  # noqa: F401
                                    run_crops)
from gandsl.ops.common_data import load_images as load, save_images as save  # noqa: F401
from gandsl.context import RunContext

BUILTIN = {"astronaut": "astronaut.png", "coffee": "coffee.png",
           "chelsea": "chelsea.png", "rocket": "rocket.jpg"}

SPEC = OpSpec(
    stage="data",
    name="photos",
    version=1,
    help="random crops of photographs (astronaut, coffee, cat, rocket) or of `image`",
    params=crop_params("photograph", tuple(BUILTIN), crop=128),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    """Random crops, uint8 [count, channels, size, size]."""
    return run_crops(ctx, params, BUILTIN)
