"""data op `faces`: small grey faces (scikit-image's LFW subset), mirrored and jittered."""
from __future__ import annotations

from typing import Any

from gandsl.spec import OpSpec
from gandsl.ops.common_data import (image_shape as shape, image_params, load_images as load,  # noqa: F401
                                    save_images as save)
from gandsl.context import RunContext

SPEC = OpSpec(
    stage="data",
    name="faces",
    version=1,
    help="small grey faces (scikit-image's 100 LFW faces), mirrored and jittered",
    params=(
        *image_params(channels=1, seed_help="random seed for mirroring and jitter"),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    """Jittered faces, uint8 [count, channels, size, size]."""
    from gandsl.data.faces import make_faces
    from gandsl.data.imaging import check_channels, to_channels

    channels = check_channels(params["channels"])
    return to_channels(make_faces(params["size"], params["count"], params["seed"]), channels)

