"""data op `textures`: random crops of textures (brick, grass, gravel) or of `image`."""
from __future__ import annotations

from typing import Any

from gandsl.spec import OpSpec
from gandsl.ops.common_data import (image_shape as shape, crop_params, image_file as files,  # noqa: F401
                                    run_crops)
from gandsl.ops.common_data import load_images as load, save_images as save  # noqa: F401
from gandsl.context import RunContext

BUILTIN = {"brick": "brick.png", "grass": "grass.png", "gravel": "gravel.png"}

SPEC = OpSpec(
    stage="data",
    name="textures",
    version=1,
    help="random crops of textures (brick, grass, gravel) or of `image`",
    params=crop_params("texture", tuple(BUILTIN), crop=96),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    """Random crops, uint8 [count, channels, size, size]."""
    return run_crops(ctx, params, BUILTIN)
