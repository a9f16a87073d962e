"""walk op `class_morph`: morph between classes of a conditional GAN along their embeddings."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gandsl.errors import NodeFailed
from gandsl.context import RunContext
from gandsl.ops.common_pattern import needs_vector, walk_check
from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_walk import (walk_shape as shape, WALK_PARAMS, load_clip as load,  # noqa: F401
                                    save_clip as save)

if TYPE_CHECKING:
    from gandsl.render.clip import Clip

SPEC = OpSpec(
    classes_when="from",
    stage="walk",
    name="class_morph",
    version=1,
    help="morph between classes of a conditional train node by interpolating their embeddings",
    params=(
        *(p for p in WALK_PARAMS if p.name != "class"),
        ParamSpec("classes", "list", [], "the classes to visit in order, by name or index "
                  "(empty: every class)", item="class"),
        ParamSpec("loop", "bool", True, "return to the first class at the end (an exact loop)"),
        ParamSpec("z", "str", "fixed", "\"fixed\": one latent per cell; \"walk\": the latent "
                  "moves too, one keyframe per class", choices=("fixed", "walk")),
        ParamSpec("hold", "float", 0.25, "share of each step spent resting on its class",
                  lo=0.0, hi=0.95),
        ParamSpec("position", "float", None, "where along `classes` each frame is (0 = the "
                  "first, 1.5 = half way from the second to the third); a keyframe track; "
                  "default: evenly over the duration", lo=0.0, hi=100_000.0, track=True),
        ParamSpec("stagger", "bool", False, "grid cell i starts i classes further on"),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Clip:
    """Frames whose class embedding moves along `classes` (z fixed per cell, or walking too)."""
    import numpy as np

    from gandsl.gan.conditional import class_embeddings, class_names, resolve_class
    from gandsl.lang.values import sample
    from gandsl.render import morph
    from gandsl.render.paths import frame_count, key_latents
    from gandsl.render.walk import run_walk

    p, trained = params, inputs["from"]
    names = class_names(trained)
    order = [resolve_class(c, names, ctx.node) for c in (p["classes"] or range(len(names)))]
    if not order:
        raise NodeFailed(f"walk {ctx.node}: `classes` is empty", code="E501")
    fps = float(p["fps"])
    n = frame_count(int(p["frames"]), p["duration"], fps)
    base = (morph.auto_positions(n, len(order), p["loop"]) if p["position"] is None
            else np.asarray(sample(p["position"], n, fps), dtype=np.float64))
    grid = p["grid"]
    pos = morph.cell_positions(base, grid.w * grid.h, p["stagger"])
    timing = (p["loop"], float(p["hold"]), p["ease"])

    def path(frames: int, cells: int, latent: int) -> Any:
        if p["z"] == "walk":
            return morph.morph_latents(p["seed"], len(order), pos, *timing, latent)
        return np.repeat(key_latents(p["seed"], [0], cells, latent), frames, axis=0)

    def embeds(frames: int, cells: int) -> Any:
        return morph.morph_embeddings(class_embeddings(trained), order, pos, *timing)

    return run_walk(ctx, p, trained, path, embeds)


def check_deep(params: dict[str, Any], upstream: dict[str, Any], nodes: dict[str, Any]) -> list:
    """A class morph needs a conditional generator with one latent vector (E047), no `size`."""
    return needs_vector(params, nodes, "from", "a class morph") or walk_check(params, upstream, nodes)
