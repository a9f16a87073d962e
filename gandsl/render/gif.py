"""Animated GIFs: one adaptive palette shared by all frames, optional dithering, looping forever."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from gandsl.render.output import frame_durations

PALETTE_SAMPLE_FRAMES = 32
PALETTE_SAMPLE_PIXELS = 4_000_000


def _exact_palette(pixels: np.ndarray) -> np.ndarray | None:
    """The distinct colours [K, 3] of RGB pixels [.., 3] if there are at most 256, else None."""
    codes = (pixels[..., 0].astype(np.uint32) << 16) | (pixels[..., 1].astype(np.uint32) << 8)
    codes |= pixels[..., 2]
    colours = np.unique(codes)
    if len(colours) > 256:
        return None
    return np.stack([colours >> 16, (colours >> 8) & 255, colours & 255], 1).astype(np.uint8)


def _palette_sample(frames: np.ndarray) -> np.ndarray:
    """Up to 32 evenly spaced frames stacked vertically, thinned to about 4M pixels."""
    pick = np.linspace(0, len(frames) - 1, min(len(frames), PALETTE_SAMPLE_FRAMES)).round()
    mosaic = np.concatenate([frames[int(i)] for i in pick], axis=0)
    stride = max(1, int(np.sqrt(mosaic.shape[0] * mosaic.shape[1] / PALETTE_SAMPLE_PIXELS)))
    return np.ascontiguousarray(mosaic[::stride, ::stride])


SMOOTH_STEP = 3  # median step between neighbouring pixels (of 255) below which a frame is smooth


def bands_likely(frames: np.ndarray, colors: int = 256) -> bool:
    """Whether a GIF of these frames will show bands: they hold more colours than the palette
    (so it must merge some) and change smoothly from pixel to pixel (gradients, like a sky);
    noisy frames hide the merging."""
    sample = _palette_sample(frames)
    exact = _exact_palette(sample)
    if exact is not None and len(exact) <= colors:
        return False
    step = np.abs(np.diff(sample.astype(np.int16), axis=1)).max(axis=-1)
    return float(np.median(step)) <= SMOOTH_STEP


def palette_image(frames: np.ndarray, colors: int = 256):
    """A 'P' image whose palette suits every frame: exact colours, or median cut of a sample."""
    from PIL import Image

    sample = _palette_sample(frames)
    exact = _exact_palette(sample)
    if exact is None or len(exact) > colors:
        return Image.fromarray(sample).quantize(colors, method=Image.Quantize.MEDIANCUT,
                                                dither=Image.Dither.NONE)
    pal = Image.new("P", (1, 1))
    flat = np.zeros((256, 3), dtype=np.uint8)
    flat[:len(exact)] = exact
    flat[len(exact):] = exact[-1]
    pal.putpalette(flat.tobytes())
    return pal


def write_gif(frames: np.ndarray, fps: float, path: Path, comment: str, colors: int = 256,
              dither: bool = False) -> None:
    """Write RGB frames [n, H, W, 3] as a looping GIF with `comment` (the recipe JSON), a shared
    palette of at most `colors` colours, dithered (Floyd-Steinberg) or not."""
    from PIL import Image

    pal = palette_image(frames, colors)
    mode = Image.Dither.FLOYDSTEINBERG if dither else Image.Dither.NONE
    images = [Image.fromarray(f).quantize(palette=pal, dither=mode) for f in frames]
    images[0].save(path, format="GIF", save_all=True, append_images=images[1:], loop=0,
                   duration=frame_durations(len(images), fps, 10), optimize=False,
                   disposal=1, comment=comment.encode("utf-8"))


MAX_COMMENT = 4_000_000  # bytes; a larger comment is refused, never read whole


def read_comment(path: Path) -> str | None:
    """The first comment of a GIF, or None; reads block by block and only up to MAX_COMMENT."""
    with open(path, "rb") as f:
        head = f.read(13)
        if len(head) < 13 or not head.startswith(b"GIF8"):
            raise ValueError("not a GIF file")
        _skip_table(f, head[10])
        while (kind := f.read(1)) != b"\x3b":
            if not kind:
                raise ValueError("truncated GIF")
            if kind == b"\x21":
                label = f.read(1)
                if label == b"\xfe":
                    return _sub_blocks(f, MAX_COMMENT).decode("utf-8")
                _sub_blocks(f, 0)
            elif kind == b"\x2c":
                desc = f.read(9)
                if len(desc) < 9:
                    raise ValueError("truncated GIF")
                _skip_table(f, desc[8])
                f.read(1)  # LZW minimum code size
                _sub_blocks(f, 0)
            else:
                raise ValueError("damaged GIF block")
    return None


def _skip_table(f: Any, flags: int) -> None:
    if flags & 0x80:
        f.seek(3 * 2 ** ((flags & 7) + 1), 1)


def _sub_blocks(f: Any, keep: int) -> bytes:
    """Read data sub-blocks up to their terminator; keep at most `keep` bytes (else ValueError)."""
    out = bytearray()
    while (size := f.read(1)) and size != b"\x00":
        n = size[0]
        if keep:
            if len(out) + n > keep:
                raise ValueError(f"comment larger than {keep} bytes")
            block = f.read(n)
            if len(block) < n:
                raise ValueError("truncated GIF")
            out += block
        else:
            f.seek(n, 1)
    if not size:
        raise ValueError("truncated GIF")
    return bytes(out)
