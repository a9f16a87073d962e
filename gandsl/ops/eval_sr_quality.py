"""eval op `sr_quality`: PSNR/SSIM of a learned upscaler and of bicubic on held-out images."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gandsl.errors import NodeFailed
from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_render import artifact_loader, save_artifact as save  # noqa: F401
from gandsl.context import RunContext

SPEC = OpSpec(
    stage="eval",
    name="sr_quality",
    version=1,
    enlarges=("model", "data"),  # its upscaler must match these frames' channels
    artifact="json",
    numerics=True,  # samples or upscales with torch
    help="PSNR/SSIM of a learned upscaler and of bicubic on held-out images",
    params=(
        ParamSpec("model", "node", help="the `srgan` train node to measure", stages=("train",),
                  ops=("srgan",)),
        ParamSpec("data", "node", help="images to measure on: its training data (the held-out "
                  "part is used) or any other data node (all of it)", stages=("data",)),
        ParamSpec("out", "out", None, "JSON report inside the output folder (default: NODE.json)"),
        ParamSpec("samples", "int", 256, "at most this many images are measured", lo=1, hi=100_000),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Path:
    """Measure the model against bicubic; write the JSON report."""
    from gandsl.render.sr_eval import sr_quality
    from gandsl.render.output import artifact_path

    trained, data = inputs["model"], inputs["data"]
    if data.shape[1] != trained.channels:
        raise NodeFailed(f"eval {ctx.node}: the upscaler works on {trained.channels}-channel images, "
                         f"the data has {data.shape[1]}", code="E081")
    report = sr_quality(trained, data, int(params.get("samples", 256)), ctx.device)
    if report["images"] == 0:
        raise NodeFailed(f"eval {ctx.node}: no held-out images to measure on", code="E520",
                         help="raise the srgan node's `holdout`, or measure on another data node")
    ctx.info(summary_text(report))
    target = artifact_path(ctx.tmp_dir, "json")
    target.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    return target


load = artifact_loader("json")


def summary_text(report: dict[str, Any]) -> str:
    """One line: the model's PSNR/SSIM against bicubic's."""
    m, b = report["learned"], report["bicubic"]
    return (f"x{report['factor']} PSNR {m['psnr']:.2f} dB vs bicubic {b['psnr']:.2f} "
            f"({report['gain_db']:+.2f}), SSIM {m['ssim']:.3f} vs {b['ssim']:.3f}")


def summary(path: Path) -> str:
    """The run table's note."""
    return summary_text(json.loads(Path(path).read_text()))
