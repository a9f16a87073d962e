"""Animated WebP files (Pillow/libwebp) that loop forever, the recipe in an XMP packet."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from gandsl.render.metadata import xmp_packet, xmp_text
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


def replace_xmp(path: Path, meta_json: str) -> None:
    """Swap the XMP chunk of a WebP for one carrying meta_json; the frames stay byte for byte."""
    import struct

    data = path.read_bytes()
    chunks, i = [], 12
    while i + 8 <= len(data):
        size = struct.unpack("<I", data[i + 4:i + 8])[0]
        chunks.append((data[i:i + 4], data[i + 8:i + 8 + size]))
        i += 8 + size + (size & 1)
    packet = xmp_packet(meta_json)
    chunks = [(t, packet if t == b"XMP " else body) for t, body in chunks]
    body = b"".join(t + struct.pack("<I", len(b)) + b + b"\0" * (len(b) & 1) for t, b in chunks)
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body)
