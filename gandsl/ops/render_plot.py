"""render op `plot`: loss curves of a train node as a PNG."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_render import artifact_loader, save_artifact as save  # noqa: F401
from gandsl.context import RunContext

SPEC = OpSpec(
    stage="render",
    name="plot",
    version=2,
    artifact="png",
    help="loss curves of a train node (and ADA's augment p), or the envelopes of a react walk, as a PNG",
    params=(
        ParamSpec("from", "node", help="the train node whose losses to plot, or a `react` walk "
                  "whose sound envelopes and frame change to plot", stages=("train", "walk")),
        ParamSpec("out", "out", None, "output file inside the output folder (default: NODE.png)"),
        ParamSpec("smooth", "int", 20, "moving-average window in logged points", lo=1, hi=10_000),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Path:
    """Draw the train node's generator and discriminator losses into a PNG."""
    from gandsl.render.metadata import meta_text
    from gandsl.render.output import artifact_path
    from gandsl.render.plot import loss_figure
    from gandsl.render.png import write_png

    p = params
    trained = inputs["from"]
    if hasattr(trained, "frames"):
        return _envelopes(ctx, trained)
    image = loss_figure(dict(trained.losses), list(trained.loss_steps), int(p["smooth"]),
                        getattr(trained, "augment_p", []), getattr(trained, "quality", []),
                        rates_of(trained), getattr(trained, "grad_norms", []))
    target = artifact_path(ctx.tmp_dir, "png")
    write_png(image, target, meta_text(ctx.recipe_meta))
    return target


def rates_of(trained: Any) -> list[float]:
    """G's learning rate at each step of a `gan` run with a schedule or warmup, else []."""
    from gandsl.gan.config import rate_curve

    train = trained.meta.get("train", {}) if hasattr(trained, "meta") else {}
    if "lr_schedule" not in train and "warmup" not in train:
        return []
    return rate_curve(train, len(trained.loss_steps), getattr(trained, "quality", []))


def _envelopes(ctx: RunContext, clip: Any) -> Path:
    """The envelope plot of a react walk."""
    from gandsl.errors import NodeFailed
    from gandsl.render.metadata import meta_text
    from gandsl.render.output import artifact_path
    from gandsl.render.plot_react import envelope_figure
    from gandsl.render.png import write_png

    if not getattr(clip, "envelopes", None):
        raise NodeFailed(f"render {ctx.node}: `from` is a walk without envelopes", code="E053")
    target = artifact_path(ctx.tmp_dir, "png")
    write_png(envelope_figure(clip.envelopes, clip.frames, clip.fps), target,
              meta_text(ctx.recipe_meta))
    return target


def check(params: dict[str, Any], upstream: dict[str, Any]) -> list:
    """A walk to plot must be a `react` walk (E053)."""
    from gandsl.lang.check_nodes import Problem

    walk = upstream.get("from")
    if walk is None or walk.stage != "walk" or walk.op == "react":
        return []
    return [Problem("E053", f"`{walk.name}` is a `{walk.op}` walk: only a `react` walk has "
                    "envelopes to plot", "from", "not a react walk",
                    "point `from` at a react walk, or at a train node for its loss curves")]


load = artifact_loader("png")
