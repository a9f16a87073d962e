"""render op `webp`: an animated WebP that loops forever."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_render import (animation_estimate, animation_params, artifact_loader,  # noqa: F401
                                       check_animation as check, save_artifact as save)
from gandsl.context import RunContext

SPEC = OpSpec(
    stage="render",
    name="webp",
    version=2,
    artifact="webp",
    help="an animated WebP that loops forever",
    params=(
        *animation_params("NODE.webp"),
        ParamSpec("quality", "int", 90, "0-100; 100 with lossless", lo=0, hi=100),
        ParamSpec("lossless", "bool", False, "lossless encoding"),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Path:
    """Encode the walk's frames into webp in the node's scratch folder; return the file."""
    from gandsl.render.metadata import meta_text
    from gandsl.render.output import artifact_path, as_rgb, prepared
    from gandsl.render.webp import write_webp

    p = params
    frames, fps = prepared(inputs["frames"], p)
    target = artifact_path(ctx.tmp_dir, "webp")
    write_webp(as_rgb(frames), fps, target, meta_text(ctx.recipe_meta), int(p["quality"]),
               bool(p["lossless"]))
    return target


load = artifact_loader("webp")


estimate = animation_estimate(encoder=4, rgb=True)  # Pillow's animated encoder holds every frame
