"""render op `gif`: an animated GIF that loops forever, with an adaptive palette."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_render import (animation_estimate, animation_params, artifact_loader,  # noqa: F401
                                       check_animation as check, rendered, save_artifact as save)
from gandsl.context import RunContext

SPEC = OpSpec(
    stage="render",
    name="gif",
    version=2,
    artifact="gif",
    help="an animated GIF that loops forever, with an adaptive palette",
    params=(
        *animation_params("NODE.gif"),
        ParamSpec("colors", "int", 256, "palette size (fewer colours, smaller file)", lo=2, hi=256),
        ParamSpec("dither", "bool", False, "Floyd-Steinberg dithering (smoother gradients, larger)"),
        ParamSpec("max_mb", "float", 8.0, "warn when the file is larger than this many MB",
                  lo=0.0, keyed=False),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Path:
    """Encode the walk's frames into gif in the node's scratch folder; return the file."""
    from gandsl.render.metadata import meta_text
    from gandsl.render.gif import bands_likely, write_gif
    from gandsl.render.output import artifact_path, as_rgb, prepared

    p = params
    frames, fps = prepared(inputs["frames"], p)
    target = artifact_path(ctx.tmp_dir, "gif")
    rgb = as_rgb(frames)
    if not p["dither"] and bands_likely(rgb, int(p["colors"])):
        ctx.warn(f"the walk has smooth gradients in more than {p['colors']} colours, so "
                 "the GIF will show bands: set `dither = true`, or render webp or mp4, which keep "
                 "every colour")
    write_gif(rgb, fps, target, meta_text(ctx.recipe_meta), int(p["colors"]), bool(p["dither"]))
    megabytes = target.stat().st_size / 1e6
    if p["max_mb"] and megabytes > float(p["max_mb"]):
        ctx.warn(f"the GIF is {megabytes:.1f} MB, over max_mb = {p['max_mb']:g}: "
                 "render the walk as mp4 or webp (far smaller), or lower `scale`, `colors` "
                 "or `fps`")
    return target


load = artifact_loader("gif")


GIF_MAX_SIDE = 65_535
estimate = animation_estimate(encoder=1, rgb=True)  # palette images of the whole clip


def limit(params: dict[str, Any], shapes: Any) -> str | None:
    """Why this GIF cannot be written (a frame side over GIF's 65,535 pixels), else None."""
    found = rendered(params, shapes)
    if found is None or max(found.out_side) <= GIF_MAX_SIDE:
        return None
    h, w = found.out_side
    return f"would write {w}x{h} GIF frames; a GIF side is at most {GIF_MAX_SIDE} pixels"
