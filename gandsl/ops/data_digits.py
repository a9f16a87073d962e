"""data op `digits`: handwritten digits (scikit-learn's 1797 scans), upscaled and jittered."""
from __future__ import annotations

from typing import Any

from gandsl.spec import OpSpec
from gandsl.ops.common_data import (image_shape as shape, image_params, load_images as load,  # noqa: F401
                                    save_images as save)
from gandsl.context import RunContext

DIGITS = tuple("0123456789")

SPEC = OpSpec(
    stage="data",
    name="digits",
    version=2,
    help="handwritten digits (scikit-learn's 1797 scans), upscaled and jittered",
    params=(
        *image_params(channels=1, seed_help="random seed for the jitter"),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    """White-on-black digits, uint8 [count, channels, size, size], labelled 0-9."""
    from gandsl.data.digits import make_labelled_digits
    from gandsl.data.imaging import check_channels, to_channels
    from gandsl.data.store import Labelled

    channels = check_channels(params["channels"])
    images, labels = make_labelled_digits(params["size"], params["count"], params["seed"])
    return Labelled(to_channels(images, channels), labels, DIGITS)


def classes(params: dict[str, Any]) -> list[str]:
    """The class names of the labels this node carries (known before it runs)."""
    return list(DIGITS)

