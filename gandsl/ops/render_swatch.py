"""render op `swatch`: tileable swatches of a pattern model at an exact size, and their repeat."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_render import artifact_loader, save_artifact as save  # noqa: F401
from gandsl.lang.values import Size
from gandsl.context import RunContext

SPEC = OpSpec(
    stage="render",
    name="swatch",
    version=1,
    artifact="",
    numerics=True,  # samples with torch
    help="tileable swatches of a pattern model: NODE/seed-<s>.png at exactly `size` and "
         "NODE/repeat.png, each swatch repeated so the eye can judge the repeat",
    params=(
        ParamSpec("from", "node", help="the train node of a `pattern` model", stages=("train",),
                  ops=("gan",)),
        ParamSpec("out", "out", None, "output folder inside the output folder (default: NODE/)"),
        ParamSpec("size", "size", Size(512, 512), "WxH of each swatch, a multiple of the model's "
                  "`step` (print: 2048x2048; large sizes are drawn in tiles that join exactly)"),
        ParamSpec("seeds", "seeds", [0], "one swatch per seed (the same seed keeps its look at "
                  "every size; a walk with the same `seed` passes through it at key s)"),
        ParamSpec("seed", "int", 0, "random seed of the latents, as in walks and sheets", lo=0),
        ParamSpec("truncation", "float", 1.0, "latent truncation (scale of the noise)", lo=0.0, hi=4.0),
        ParamSpec("repeat", "size", Size(2, 2), "WxH repeats of each swatch in repeat.png"),
    ),
)

MAX_SIDE = 8192


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Path:
    """Draw one swatch per seed and write seed-<s>.png and repeat.png into a folder."""
    from gandsl.render.metadata import meta_text
    from gandsl.render.output import artifact_path
    from gandsl.render.png import write_png
    from gandsl.render.swatch import draw, repeated, swatch_latents

    p, trained = params, inputs["from"]
    spec, size, seeds = trained.model, p["size"], [int(s) for s in p["seeds"]]
    step = _pattern_step(ctx, spec, size)
    z = swatch_latents(spec, int(p["seed"]), seeds, size.h // step, size.w // step)
    g = trained.generator(ctx.device)
    task = ctx.progress.task(f"{ctx.node}: swatches", len(seeds))
    target = artifact_path(ctx.tmp_dir, "")
    target.mkdir(exist_ok=True)
    meta, swatches = meta_text(ctx.recipe_meta), []
    try:
        for s, one in zip(seeds, z):
            swatches.append(draw(g, (one * float(p["truncation"]))[None], spec, ctx.device)[0])
            write_png(swatches[-1], target / f"seed-{s}.png", meta)
            task.advance(1)
    finally:
        task.close()
    write_png(repeated(swatches, p["repeat"]), target / "repeat.png", meta)
    return target


def _pattern_step(ctx: RunContext, spec: dict[str, Any], size: Size) -> int:
    """The model's step; NodeFailed (E331) when it is not a pattern model or size does not fit."""
    from gandsl.errors import NodeFailed
    from gandsl.gan.pattern_grid import is_pattern

    if not is_pattern(spec):
        raise NodeFailed(f"render {ctx.node}: `from` is a {spec.get('arch')} model, not a pattern "
                         "model", code="E331", help="draw swatches from a `pattern` model")
    step = int(spec["step"])
    if size.w % step or size.h % step:
        raise NodeFailed(f"render {ctx.node}: size {size} is not a multiple of the step {step}",
                         code="E331", help=f"give a `size` whose sides are multiples of {step}")
    return step


def check_deep(params: dict[str, Any], upstream: dict[str, Any], nodes: dict[str, Any]) -> list:
    """A pattern model (E045), a size that is a multiple of its step (E044) and not too big."""
    from gandsl.lang.check_nodes import Problem
    from gandsl.ops.common_pattern import needs_pattern, pattern_of, size_problems

    wrong = needs_pattern(params, nodes, "from", "a swatch")
    if wrong:
        return wrong
    size = params["size"]
    if max(size.w, size.h) > MAX_SIDE:
        return [Problem("E044", f"`size = {size}` is larger than {MAX_SIDE} pixels a side", "size",
                        "too large", "2048x2048 is a print at 300 dpi of about 17 cm a side")]
    return size_problems(size, pattern_of(params["from"], nodes))


def estimate(params: dict[str, Any], shapes: Any) -> int:
    """The swatches, repeat.png and one generator pass (tiles keep it under its cap)."""
    size, repeat = params.get("size"), params.get("repeat")
    seeds = params.get("seeds")
    n = len(seeds) if isinstance(seeds, (list, tuple, range)) else 1
    if not hasattr(size, "w") or not hasattr(repeat, "w"):
        return 0
    one = size.w * size.h * 3
    return n * one * (1 + repeat.w * repeat.h) + (256 << 20)


load = artifact_loader("")
