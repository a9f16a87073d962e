"""data op `glyphs`: font glyphs (DejaVu fonts shipped with matplotlib), jittered."""
from __future__ import annotations

from typing import Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_data import (image_shape as shape, image_params, load_images as load,  # noqa: F401
                                    save_images as save)
from gandsl.context import RunContext

SPEC = OpSpec(
    stage="data",
    name="glyphs",
    version=2,
    help="font glyphs (DejaVu fonts shipped with matplotlib), jittered",
    params=(
        ParamSpec("chars", "str", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "characters to draw"),
        ParamSpec("font", "str", "all", "font family", choices=("all", "sans", "serif", "mono")),
        *image_params(channels=1, seed_help="random seed for font, character and jitter"),
    ),
)



def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    """Jittered glyphs, white on black, uint8 [count, channels, size, size], one class per character."""
    from gandsl.data.glyphs import drawable_chars, make_labelled_glyphs
    from gandsl.data.imaging import check_channels, to_channels
    from gandsl.data.sources import font_files
    from gandsl.data.store import Labelled

    channels = check_channels(params["channels"])
    images, labels = make_labelled_glyphs(params["size"], params["chars"], font_files(params["font"]),
                                          params["count"], params["seed"])
    return Labelled(to_channels(images, channels), labels, drawable_chars(params["chars"]))


def classes(params: dict[str, Any]) -> list[str]:
    """One class per distinct character, sorted (known before the node runs)."""
    return sorted({ch for ch in params["chars"] if ch.isprintable() and not ch.isspace()})

