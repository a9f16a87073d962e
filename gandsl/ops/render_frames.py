"""render op `frames`: numbered PNG frames in a folder."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.spec import OpSpec
from gandsl.ops.common_render import (animation_estimate, animation_params, artifact_loader,  # noqa: F401
                                       check_animation as check, save_artifact as save)
from gandsl.context import RunContext

SPEC = OpSpec(
    stage="render",
    name="frames",
    version=2,
    artifact="",
    help="numbered PNG frames in a folder",
    params=(
        *animation_params("NODE/"),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Path:
    """Write every frame as frame_NNNNN.png (each carrying the recipe) into a folder."""
    from gandsl.render.metadata import meta_text
    from gandsl.render.output import artifact_path, prepared
    from gandsl.render.png import write_png

    p = params
    frames, _ = prepared(inputs["frames"], p)
    target = artifact_path(ctx.tmp_dir, "")
    target.mkdir(exist_ok=True)
    meta = meta_text(ctx.recipe_meta)
    width = max(5, len(str(len(frames) - 1)))
    for i, frame in enumerate(frames):
        write_png(frame, target / f"frame_{i:0{width}d}.png", meta)
    return target


load = artifact_loader("")


estimate = animation_estimate(encoder=0, rgb=False)  # one PNG at a time
