"""data op `digits`: handwritten digits (scikit-learn's 1797 scans), upscaled and jittered."""
from __future__ import annotations

from typing import Any

from gandsl.ops.registry import OpSpec
from gandsl.ops.shared import image_params, load_images as load, save_images as save  # noqa: F401

SPEC = OpSpec(
    stage="data",
    name="digits",
    version=1,
    help="handwritten digits (scikit-learn's 1797 scans), upscaled and jittered",
    params=(
        *image_params(channels=1, seed_help="random seed for the jitter"),
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    """White-on-black digits, uint8 [count, channels, size, size]."""
    from gandsl.data.digits import make_digits
    from gandsl.data.imaging import check_channels, to_channels

    channels = check_channels(params["channels"])
    images = make_digits(params["size"], params["count"], params["seed"])
    return to_channels(images, channels)

