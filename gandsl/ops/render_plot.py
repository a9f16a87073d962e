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
    help="loss curves of a train node (and ADA's augment p) as a PNG",
    params=(
        ParamSpec("from", "node", help="the train node whose losses to plot", stages=("train",)),
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
    image = loss_figure(dict(trained.losses), list(trained.loss_steps), int(p["smooth"]),
                        getattr(trained, "augment_p", []), getattr(trained, "quality", []))
    target = artifact_path(ctx.tmp_dir, "png")
    write_png(image, target, meta_text(ctx.recipe_meta))
    return target


load = artifact_loader("png")
