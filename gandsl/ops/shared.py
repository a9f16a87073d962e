"""Parameters and save/load functions that several ops share (not an op module itself).

Heavy helpers (numpy, the render package) are imported inside the functions, as in every op.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from gandsl.context import RunContext
from gandsl.spec import MODEL_RESOLUTIONS, ParamSpec
from gandsl.lang.values import EASINGS, Duration, Size


def image_params(size: int = 32, channels: int = 1, seed_help: str = "random seed") -> tuple:
    """`size`, `channels`, `count` and `seed` of the built-in datasets."""
    return (
        ParamSpec("size", "int", size, "image side in pixels (square)", lo=8, hi=256),
        ParamSpec("channels", "int", channels, "1 (grey) or 3 (RGB)", choices=(1, 3)),
        ParamSpec("count", "int", 4000, "number of images to make", lo=1, hi=1_000_000),
        ParamSpec("seed", "int", 0, seed_help, lo=0),
    )


WALK_PARAMS = (
    ParamSpec("from", "node", help="the train node whose (EMA) generator to walk",
              stages=("train",)),
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
)

FRAME_STAGES = ("walk", "upscale")  # what renders of frames accept

UPSCALE_INPUT = ParamSpec(
    "frames", "node", help="frames to enlarge: a walk, another upscale node, or a data node "
    "(its images in order)", stages=("walk", "upscale", "data"))

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


def keyframe_walk(ctx: Any, spec: Any, params: dict[str, Any], inputs: dict[str, Any],
                  through: Any, least: str) -> Any:
    """Run a keyframe walk (slerp, spline) through `seeds`, or a project node's `latents` if given."""
    from gandsl.render.walk import run_keyframe_walk

    keys = None
    if inputs.get("latents") is not None:
        def keys(p: dict[str, Any], cells: int, latent: int) -> Any:
            return walk_keys(ctx, p, inputs, cells, latent)

    return run_keyframe_walk(ctx, spec, params, inputs["from"], through, least=least, keys=keys)


UPSCALE_PARAMS = (
    ParamSpec("scale", "int", 1, "integer upscale", lo=1, hi=32),
    ParamSpec("filter", "str", "nearest", "upscale filter", choices=("nearest", "lanczos")),
)


def animation_params(default_out: str) -> tuple:
    """The input walk, `out`, `fps`, `scale` and `filter` of renders of a walk."""
    return (
        ParamSpec("frames", "node", help="the walk or upscale node to render", stages=FRAME_STAGES),
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


def save_images(value: Any, path: Path) -> None:
    """Store a data node's uint8 images."""
    from gandsl.data.store import save_images as save

    save(value, path)


def load_images(path: Path) -> Any:
    """A data node's images back (memory-mapped)."""
    from gandsl.data.store import load_images as load

    return load(path)


def save_clip(value: Any, path: Path) -> None:
    """Store a walk's frames."""
    from gandsl.render.clip import save_clip as save

    save(value, path)


def load_clip(path: Path) -> Any:
    """A walk's frames back."""
    from gandsl.render.clip import load_clip as load

    return load(path)


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


def model_params(latent: int, width: int) -> tuple:
    """`latent`, `width`, `resolution` and `channels` of the model ops."""
    return (
        ParamSpec("latent", "int", latent, "size of the latent vector z", lo=1, hi=2048),
        ParamSpec("width", "int", width, "base channel width of both networks", lo=4, hi=1024),
        ParamSpec("resolution", "int", 0, "image side; 0 takes it from the data",
                  choices=(0, *MODEL_RESOLUTIONS)),
        ParamSpec("channels", "int", 0, "image channels; 0 takes them from the data",
                  choices=(0, 1, 3)),
    )


def architecture(arch: str, params: dict[str, Any]) -> dict[str, Any]:
    """A model node's value: the architecture as a JSON-able dict (0 = from the data)."""
    return {"arch": arch, **{k: int(params[k]) for k in ("latent", "width", "resolution",
                                                          "channels")}}


def describe_model(spec: Any) -> str:
    """G and D parameter counts of a model op at its default latent and width (imports torch)."""
    from gandsl.gan.models import describe as counts

    return counts(spec.name, spec.param("latent").default, spec.param("width").default)


def save_model(value: dict[str, Any], path: Path) -> None:
    """Store a model node's architecture as JSON."""
    (Path(path) / "model.json").write_text(json.dumps(value, sort_keys=True))


def load_model(path: Path) -> dict[str, Any]:
    """A model node's architecture back."""
    return json.loads((Path(path) / "model.json").read_text())


def crop_params(what: str, sources: tuple[str, ...], crop: int) -> tuple:
    """`source`, `image` and `crop` of the random-crop datasets, then the image params."""
    return (
        ParamSpec("source", "str", "all", f"which built-in {what}", choices=("all", *sources)),
        ParamSpec("image", "path", None, "an image file to crop instead of a built-in one"),
        ParamSpec("crop", "int", crop, "side of each random crop before resizing, in source pixels",
                  lo=8, hi=4096),
        *image_params(channels=3, seed_help="random seed for crop positions and mirroring"),
    )


def run_crops(ctx: RunContext, params: dict[str, Any], builtin: dict[str, str]) -> Any:
    """Random crops of the chosen built-in images (or `image`), uint8 [count, C, size, size]."""
    from gandsl.data.crops import crop_dataset
    from gandsl.data.imaging import check_channels, to_channels

    channels = check_channels(params["channels"])
    return to_channels(crop_dataset(ctx, params, builtin), channels)


def image_file(params: dict[str, Any]) -> list[Path]:
    """The `image` file when one is given, so its content is part of the cache key."""
    return [Path(params["image"])] if params.get("image") else []
