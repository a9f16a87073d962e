"""render op `mp4`: an H.264 MP4 (yuv420p, even dimensions) through imageio-ffmpeg."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_render import (animation_estimate, animation_params, artifact_loader,  # noqa: F401
                                       check_animation, save_artifact as save)
from gandsl.context import RunContext

SPEC = OpSpec(
    stage="render",
    name="mp4",
    version=2,
    artifact="mp4",
    help="an H.264 MP4 (yuv420p, even dimensions) through imageio-ffmpeg, with sound if given",
    params=(
        *animation_params("NODE.mp4"),
        ParamSpec("quality", "int", 8, "encoder quality, 0 (worst) to 10 (best)", lo=0, hi=10),
        ParamSpec("audio", "node", None, "a sound (`data NAME = audio { ... }`) muxed as AAC, cut "
                  "or padded with silence to last exactly as long as the video", stages=("data",),
                  sound=True),
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
    sound = inputs.get("audio")
    write_mp4(as_rgb(frames), fps, target, meta_text(ctx.recipe_meta), int(p["quality"]),
              sound.track if sound is not None else None)
    return target


def check(params: dict[str, Any], upstream: dict[str, Any]) -> list:
    """The animation checks; with `audio`, `speed` must be 1 (E052)."""
    from gandsl.lang.check_nodes import Problem

    problems = check_animation(params, upstream)
    if params.get("audio") is not None and params.get("speed", 1.0) != 1.0:
        problems.append(Problem("E052", "`speed` must be 1 with `audio`: the sound plays at its own "
                                "speed", "speed", "the video would drift from the sound",
                                "cut a shorter clip with the audio node's `start` and `duration`"))
    return problems


load = artifact_loader("mp4")


estimate = animation_estimate(encoder=0, rgb=True)  # frames stream to ffmpeg, but as RGB
