"""render op `gif`: an animated GIF that loops forever, with an adaptive palette."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.ops.registry import OpSpec
from gandsl.ops.shared import animation_params, artifact_loader, save_artifact as save  # noqa: F401

SPEC = OpSpec(
    stage="render",
    name="gif",
    version=1,
    help="an animated GIF that loops forever, with an adaptive palette",
    params=(
        *animation_params("NODE.gif"),
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Path:
    """Encode the walk's frames into gif in the node's scratch folder; return the file."""
    from gandsl.render.embed import meta_text
    from gandsl.render.gif import write_gif
    from gandsl.render.output import artifact_path, as_rgb, prepared
    from gandsl.render.walk import filled

    p = filled(SPEC, params)
    frames, fps = prepared(inputs["frames"], p)
    target = artifact_path(ctx.tmp_dir, "gif")
    write_gif(as_rgb(frames), fps, target, meta_text(ctx.recipe_meta))
    return target


load = artifact_loader("gif")
