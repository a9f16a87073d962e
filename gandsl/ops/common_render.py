"""Params and helpers render ops share: animation params and checks, artifact save/load.

Not an op module (the registry loads only `<stage>_<name>.py`); heavy libraries are
imported inside the functions, as in every op.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from gandsl.spec import ParamSpec
from gandsl.ops.common_walk import FRAME_STAGES


UPSCALE_PARAMS = (
    ParamSpec("scale", "int", 1, "integer upscale", lo=1, hi=32),
    ParamSpec("filter", "str", "nearest", "upscale filter", choices=("nearest", "lanczos")),
)


def animation_params(default_out: str) -> tuple:
    """The input walk, `out`, `fps`, `scale` and `filter` of renders of a walk."""
    return (
        ParamSpec("frames", "node", help="the frames to render: a walk, upscale or stylize node, or a "
                  "data node (its images in order)", stages=(*FRAME_STAGES, "data")),
        ParamSpec("out", "out", None,
                  f"output file inside the output folder (default: {default_out})"),
        ParamSpec("fps", "float", 0.0, "frames per second, resampling the walk in time (its "
                  "duration stays); 0 takes the walk's", lo=0.0, hi=240.0),
        ParamSpec("speed", "float", 1.0, "playback speed: 2 plays the walk twice as fast",
                  lo=0.01, hi=100.0),
        ParamSpec("size", "size", None, "exact output size WxH, e.g. 1080x1920 (after `scale`)"),
        ParamSpec("fit", "str", "contain", "how frames meet `size`: contain (pad) or cover (crop)",
                  choices=("contain", "cover")),
        ParamSpec("background", "str", "black", "padding colour under `fit = contain`: #rrggbb, "
                  "#rgb, black, white or gray"),
    ) + UPSCALE_PARAMS


MAX_SIDE = 8192


def check_animation(params: dict[str, Any], upstream: dict[str, Any]) -> list:
    """An unknown background colour or an oversized `size` is a check error."""
    from gandsl.lang.check_nodes import Problem
    from gandsl.render.colors import parse_color

    problems = []
    if parse_color(str(params.get("background", "black"))) is None:
        problems.append(Problem("E073", f"unknown colour \"{params['background']}\"", "background",
                                "not a colour", "write \"#rrggbb\", \"#rgb\", \"black\", "
                                "\"white\" or \"gray\""))
    size = params.get("size")
    if size is not None and max(size.w, size.h) > MAX_SIDE:
        problems.append(Problem("E073", f"`size = {size}` is larger than {MAX_SIDE} pixels a side",
                                "size", "too large", "1080x1920 is a phone story; 3840x2160 is 4K"))
    return problems


def save_artifact(value: Path, path: Path) -> None:
    """Store a render's or eval's one file (or folder)."""
    from gandsl.render.output import save_artifact as save

    save(value, path)


def artifact_loader(ext: str) -> Callable[[Path], Path]:
    """A `load` returning the stored `artifact.<ext>` (or `artifact/` when ext is empty)."""
    def load(path: Path) -> Path:
        from gandsl.render.output import load_artifact

        return load_artifact(path, ext)

    return load


@dataclass(frozen=True)
class Rendered:
    """What a render of frames holds, as render/output.prepared makes it: the source frames, then
    n frames out (retimed to `fps` at `speed`), enlarged by `scale`, fitted to `size`."""

    source: int  # bytes of the source frames
    n: int  # frames after retiming
    h: int  # source frame height
    w: int
    c: int  # channels
    retimed: bool  # whether `fps` or `speed` make a new array of frames
    scale: int
    size: tuple[int, int] | None  # `size` WxH as (h, w), when given

    @property
    def out_side(self) -> tuple[int, int]:
        """(height, width) of the frames written."""
        return self.size or (self.h * self.scale, self.w * self.scale)

    def held(self, encoder: int, rgb: bool) -> int:
        """Bytes: the source, each copy prepared makes (only when it makes one), and what the
        encoder holds for the whole clip (`encoder` bytes a pixel; `rgb`: a grey clip's RGB copy)."""
        one = self.h * self.w * self.c
        held = self.source + self.n * one * self.retimed + self.n * one * self.scale ** 2 * (self.scale > 1)
        h, w = self.out_side
        if self.size is not None:
            held += self.n * h * w * self.c
        return held + self.n * h * w * (encoder + 3 * (rgb and self.c == 1))


def _number(value: Any, default: float) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def rendered(params: dict[str, Any], shapes: Any) -> Rendered | None:
    """The frames a render of frames makes (None when its source's shape is unknown)."""
    shape = shapes.of(params.get("frames"))
    if shape is None or shape.n is None:
        return None
    clip_fps = shape.fps or 24.0
    fps = _number(params.get("fps"), 0.0) or clip_fps
    speed = max(_number(params.get("speed"), 1.0), 1e-9)
    size = params.get("size")
    return Rendered(shape.bytes, max(1, round(shape.n * fps / (clip_fps * speed))), shape.h, shape.w,
                    shape.c, fps != clip_fps or speed != 1.0, int(_number(params.get("scale"), 1)),
                    (int(size.h), int(size.w)) if hasattr(size, "w") else None)


def animation_estimate(encoder: int, rgb: bool) -> Callable[[dict[str, Any], Any], int]:
    """An `estimate` hook for a render of frames whose encoder holds `encoder` bytes a pixel of
    the whole clip (GIF palette images 1, WebP frames 4, streamed 0) and takes RGB (`rgb`)."""
    def estimate(params: dict[str, Any], shapes: Any) -> int:
        found = rendered(params, shapes)
        return found.held(encoder, rgb) if found is not None else 0
    return estimate
