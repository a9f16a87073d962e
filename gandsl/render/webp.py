"""Animated WebP files (Pillow/libwebp) that loop forever, the recipe in an XMP packet."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from gandsl.render.embed import xmp_packet, xmp_text
from gandsl.render.output import frame_durations


def write_webp(frames: np.ndarray, fps: float, path: Path, meta_json: str,
               quality: int = 90, lossless: bool = False) -> None:
    """Write RGB frames [n, H, W, 3] as a looping animated WebP carrying the recipe JSON."""
    from PIL import Image

    images = [Image.fromarray(f) for f in frames]
    images[0].save(path, format="WEBP", save_all=True, append_images=images[1:], loop=0,
                   duration=frame_durations(len(images), fps, 1), quality=quality,
                   lossless=lossless, method=4, minimize_size=False, allow_mixed=False,
                   xmp=xmp_packet(meta_json))


def read_xmp(path: Path) -> str | None:
    """The recipe JSON of a WebP's XMP packet, or None."""
    from PIL import Image

    with Image.open(path) as img:
        return xmp_text(img.info.get("xmp"))
