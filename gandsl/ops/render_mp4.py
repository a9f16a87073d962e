"""render op `mp4`: an H.264 MP4 (yuv420p, even dimensions) through imageio-ffmpeg."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.ops.registry import OpSpec, ParamSpec

SPEC = OpSpec(
    stage="render",
    name="mp4",
    version=1,
    help="an H.264 MP4 (yuv420p, even dimensions) through imageio-ffmpeg",
    params=(
        ParamSpec("frames", "node", help="the walk node to render", stages=("walk",)),
        ParamSpec("out", "out", None, "output file inside the output folder (default: NODE.mp4)"),
        ParamSpec("fps", "float", 0.0, "frames per second; 0 takes the walk's", lo=0.0, hi=240.0),
        ParamSpec("scale", "int", 1, "integer upscale", lo=1, hi=32),
        ParamSpec("filter", "str", "nearest", "upscale filter", choices=("nearest", "lanczos")),
        ParamSpec("quality", "int", 8, "encoder quality, 0 (worst) to 10 (best)", lo=0, hi=10),
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Path:
    """Encode the walk's frames into mp4 in the node's scratch folder; return the file."""
    from gandsl.embed import meta_text
    from gandsl.render.mp4 import write_mp4
    from gandsl.render.output import artifact_path, as_rgb, prepared
    from gandsl.render.walk import filled

    p = filled(SPEC, params)
    frames, fps = prepared(inputs["frames"], p)
    target = artifact_path(ctx.tmp_dir, "mp4")
    write_mp4(as_rgb(frames), fps, target, meta_text(ctx.recipe_meta), int(p["quality"]))
    return target


def save(value: Path, path: Path) -> None:
    """Store the value in a store directory."""
    from gandsl.render.output import save_artifact

    save_artifact(value, path)


def load(path: Path) -> Path:
    """The stored value back."""
    from gandsl.render.output import load_artifact

    return load_artifact(path, "mp4")
