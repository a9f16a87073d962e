"""Params and helpers walk ops share: the walk params, keyframes, save/load of clips.

Not an op module (the registry loads only `<stage>_<name>.py`); heavy libraries are
imported inside the functions, as in every op.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.spec import ParamSpec
from gandsl.lang.values import EASINGS, Duration, Size


WALK_PARAMS = (
    ParamSpec("from", "node", help="the train node whose (EMA) generator to walk",
              stages=("train",), ops=("gan", "project")),
    ParamSpec("frames", "int", 0, "number of frames; 0 takes duration x fps", lo=0, hi=100_000),
    ParamSpec("duration", "duration", Duration(4.0), "length of the animation"),
    ParamSpec("fps", "float", 24.0, "frames per second", lo=1.0, hi=240.0),
    ParamSpec("grid", "size", Size(1, 1), "WxH independent walks tiled in one frame"),
    ParamSpec("truncation", "float", 1.0,
              "latent truncation (scale of z); may be a keyframe track", lo=0.0, hi=4.0, track=True),
    ParamSpec("ease", "str", "linear", "easing of time along the walk", choices=EASINGS),
    ParamSpec("seed", "int", 0, "random seed of the latents", lo=0),
    ParamSpec("class", "class", None,
              "walk within one class (a name or index) of a conditional train node"),
    ParamSpec("batch", "int", 64, "frames generated per batch", lo=1, hi=4096, keyed=False),
    ParamSpec("size", "size", None, "WxH of each frame, for a `pattern` model (a multiple of its "
              "`step`; every frame tiles); default: the model's resolution", added=True),
    ParamSpec("repeat", "size", Size(1, 1), "WxH copies of each frame side by side, for a `pattern` "
              "model: the eye judges the repeat of the moving fabric", added=True),
)


FRAME_STAGES = ("walk", "upscale", "stylize")  # what renders of frames accept


UPSCALE_INPUT = ParamSpec(
    "frames", "node", help="frames to enlarge: a walk, another upscale node, or a data node "
    "(its images in order)", stages=("walk", "upscale", "stylize", "data"))


LATENTS_PARAM = ParamSpec("latents", "node", None, "keyframes from a `project` node (your own images) "
                          "instead of `seeds`", stages=("train",))


def walk_keys(ctx: Any, p: dict[str, Any], inputs: dict[str, Any], cells: int, latent: int) -> Any:
    """Keyframe latents [K, cells, latent]: a project node's latents when `latents` is set, else seeds."""
    from gandsl.errors import NodeFailed
    from gandsl.render import paths

    found = inputs.get("latents")
    if found is None:
        return paths.key_latents(p["seed"], [int(s) for s in p["seeds"]], cells, latent)
    if not hasattr(found, "latents"):
        raise NodeFailed(f"walk {ctx.node}: `latents` must be a project node", code="E501",
                         help="write `train p = project { from = T  images = D }` and `latents = p`")
    z = found.latents
    if z.shape[1] != latent:
        raise NodeFailed(f"walk {ctx.node}: the project node's latents have {z.shape[1]} values, "
                         f"the generator takes {latent}", code="E501",
                         help="project with `from` = the train node this walk samples")
    return paths.projected_keys(z, cells)


def keyframe_walk(ctx: Any, params: dict[str, Any], inputs: dict[str, Any],
                  through: Any, least: str) -> Any:
    """Run a keyframe walk (slerp, spline) through `seeds`, or a project node's `latents` if given."""
    from gandsl.render.walk import run_keyframe_walk

    keys = None
    if inputs.get("latents") is not None:
        def keys(p: dict[str, Any], cells: int, latent: int) -> Any:
            return walk_keys(ctx, p, inputs, cells, latent)

    return run_keyframe_walk(ctx, params, inputs["from"], through, least=least, keys=keys)


def save_clip(value: Any, path: Path) -> None:
    """Store a walk's frames."""
    from gandsl.render.clip import save_clip as save

    save(value, path)


def load_clip(path: Path) -> Any:
    """A walk's frames back."""
    from gandsl.render.clip import load_clip as load

    return load(path)


def walk_shape(params: dict[str, Any], shapes: Any) -> Any:
    """A walk's frames: its frame count, the grid of its source's samples (1-px gaps from 32 px,
    wider for bigger cells), their channels, and its fps."""
    from gandsl.lang.shapes import Shape
    from gandsl.lang.values import frame_count

    cell = shapes.of(params.get("from"))
    if cell is None:
        return None
    n = frame_count(params.get("frames"), params.get("duration"), params.get("fps"))
    size = params.get("size")
    if size is not None:  # a pattern model draws frames of any multiple of its step
        cell = Shape(None, int(size.h), int(size.w), cell.c)
    rep = params.get("repeat") or Size(1, 1)
    cell = Shape(None, cell.h * rep.h, cell.w * rep.w, cell.c)
    g = params["grid"]
    gap = 0 if g.w * g.h == 1 else max(1, cell.h // 32)
    return Shape(n, g.h * cell.h + (g.h - 1) * gap, g.w * cell.w + (g.w - 1) * gap, cell.c,
                 float(params["fps"]))
