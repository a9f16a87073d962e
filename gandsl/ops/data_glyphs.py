"""data op `glyphs`: font glyphs (DejaVu fonts shipped with matplotlib), jittered."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.ops.registry import OpSpec, ParamSpec

SPEC = OpSpec(
    stage="data",
    name="glyphs",
    version=1,
    help="font glyphs (DejaVu fonts shipped with matplotlib), jittered",
    params=(
        ParamSpec("size", "int", 32, "image side in pixels (square)", lo=8, hi=256),
        ParamSpec("chars", "str", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "characters to draw"),
        ParamSpec("font", "str", "all", "font family", choices=("all", "sans", "serif", "mono")),
        ParamSpec("channels", "int", 1, "1 (grey) or 3 (RGB)", lo=1, hi=3),
        ParamSpec("count", "int", 4000, "number of images to make", lo=1, hi=1_000_000),
        ParamSpec("seed", "int", 0, "random seed for font, character and jitter", lo=0),
    ),
)



def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    """Jittered glyphs, white on black, uint8 [count, channels, size, size]."""
    from gandsl.data.glyphs import make_glyphs
    from gandsl.data.imaging import check_channels, to_channels
    from gandsl.data.sources import font_files

    channels = check_channels(params["channels"])
    images = make_glyphs(params["size"], params["chars"], font_files(params["font"]),
                         params["count"], params["seed"])
    return to_channels(images, channels)


def save(value: Any, path: Path) -> None:
    """Store the value in a store directory (numpy is imported only here)."""
    from gandsl.data.node_io import save as save_images

    save_images(value, path)


def load(path: Path) -> Any:
    """The stored value back."""
    from gandsl.data.node_io import load as load_images

    return load_images(path)
