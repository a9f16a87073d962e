"""data op `faces`: small grey faces (scikit-image's LFW subset), mirrored and jittered."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.ops.registry import OpSpec, ParamSpec

SPEC = OpSpec(
    stage="data",
    name="faces",
    version=1,
    help="small grey faces (scikit-image's 100 LFW faces), mirrored and jittered",
    params=(
        ParamSpec("size", "int", 32, "image side in pixels (square)", lo=8, hi=256),
        ParamSpec("channels", "int", 1, "1 (grey) or 3 (RGB)", lo=1, hi=3),
        ParamSpec("count", "int", 4000, "number of images to make", lo=1, hi=1_000_000),
        ParamSpec("seed", "int", 0, "random seed for mirroring and jitter", lo=0),
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    """Jittered faces, uint8 [count, channels, size, size]."""
    from gandsl.data.faces import make_faces
    from gandsl.data.imaging import check_channels, to_channels

    channels = check_channels(params["channels"])
    return to_channels(make_faces(params["size"], params["count"], params["seed"]), channels)


def save(value: Any, path: Path) -> None:
    """Store the value in a store directory (numpy is imported only here)."""
    from gandsl.data.node_io import save as save_images

    save_images(value, path)


def load(path: Path) -> Any:
    """The stored value back."""
    from gandsl.data.node_io import load as load_images

    return load_images(path)
