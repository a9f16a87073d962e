"""render op `mp4`: an H.264 MP4 (yuv420p, even dimensions) through imageio-ffmpeg."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_render import (animation_estimate, animation_params, artifact_loader,  # noqa: F401
                                       check_animation as check, save_artifact as save)
from gandsl.context import RunContext

SPEC = OpSpec(
    stage="render",
    name="mp4",
    version=2,
    artifact="mp4",
    help="an H.264 MP4 (yuv420p, even dimensions) through imageio-ffmpeg",
    params=(
        *animation_params("NODE.mp4"),
        ParamSpec("quality", "int", 8, "encoder quality, 0 (worst) to 10 (best)", lo=0, hi=10),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Path:
    """Encode the walk's frames into mp4 in the node's scratch folder; return the file."""
    from gandsl.render.metadata import meta_text
    from gandsl.render.mp4 import write_mp4
    from gandsl.render.output import artifact_path, as_rgb, prepared

    p = params
    frames, fps = prepared(inputs["frames"], p)
    target = artifact_path(ctx.tmp_dir, "mp4")
    write_mp4(as_rgb(frames), fps, target, meta_text(ctx.recipe_meta), int(p["quality"]))
    return target


load = artifact_loader("mp4")


estimate = animation_estimate(encoder=0, rgb=True)  # frames stream to ffmpeg, but as RGB
