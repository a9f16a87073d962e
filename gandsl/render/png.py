"""PNG files (sample sheets, frames, plots) with the recipe in an iTXt chunk."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from gandsl.render.metadata import KEY


def write_png(image: np.ndarray, path: Path, meta_json: str,
              extra: dict[str, str] | None = None) -> None:
    """Write one uint8 image [H, W, C] (C 1, 3 or 4) with the recipe JSON in iTXt `gandsl`
    (and any `extra` text chunks)."""
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_itxt(KEY, meta_json, zip=True)
    for key, text in (extra or {}).items():
        info.add_itxt(key, text)
    Image.fromarray(image[..., 0] if image.shape[2] == 1 else image).save(
        path, format="PNG", pnginfo=info, compress_level=6)


def read_text(path: Path) -> str | None:
    """The `gandsl` text chunk of a PNG, or None."""
    from PIL import Image

    with Image.open(path) as img:
        img.load()
        return img.text.get(KEY)
