"""render op `frames`: numbered PNG frames in a folder."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.ops.registry import OpSpec, ParamSpec

SPEC = OpSpec(
    stage="render",
    name="frames",
    version=1,
    help="numbered PNG frames in a folder",
    params=(
        ParamSpec("frames", "node", help="the walk node to render", stages=("walk",)),
        ParamSpec("out", "out", None, "output file inside the output folder (default: NODE/)"),
        ParamSpec("fps", "float", 0.0, "frames per second; 0 takes the walk's", lo=0.0, hi=240.0),
        ParamSpec("scale", "int", 1, "integer upscale", lo=1, hi=32),
        ParamSpec("filter", "str", "nearest", "upscale filter", choices=("nearest", "lanczos")),
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Path:
    """Write every frame as frame_NNNNN.png (each carrying the recipe) into a folder."""
    from gandsl.embed import meta_text
    from gandsl.render.output import artifact_path, prepared
    from gandsl.render.png import write_png
    from gandsl.render.walk import filled

    p = filled(SPEC, params)
    frames, _ = prepared(inputs["frames"], p)
    target = artifact_path(ctx.tmp_dir, "")
    target.mkdir(exist_ok=True)
    meta = meta_text(ctx.recipe_meta)
    width = max(5, len(str(len(frames) - 1)))
    for i, frame in enumerate(frames):
        write_png(frame, target / f"frame_{i:0{width}d}.png", meta)
    return target


def save(value: Path, path: Path) -> None:
    """Store the value in a store directory."""
    from gandsl.render.output import save_artifact

    save_artifact(value, path)


def load(path: Path) -> Path:
    """The stored value back."""
    from gandsl.render.output import load_artifact

    return load_artifact(path, "")
