"""eval op `swd`: multi-scale sliced Wasserstein distance (ProGAN) of samples against the data."""
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
    name="swd",
    version=1,
    artifact="json",
    numerics=True,  # samples or upscales with torch
    help="multi-scale sliced Wasserstein distance (ProGAN) of samples against the data",
    params=(
        ParamSpec("from", "node", help="the train node to sample", stages=("train",), ops=("gan", "project")),
        ParamSpec("data", "node", help="the data node to compare with", stages=("data",)),
        ParamSpec("out", "out", None, "JSON report inside the output folder (default: NODE.json)"),
        ParamSpec("samples", "int", 1024, "images compared from each side", lo=16, hi=100_000),
        ParamSpec("seed", "int", 0, "random seed", lo=0),
        ParamSpec("patches", "int", 64, "random 7x7 patches per image and pyramid level",
                  lo=1, hi=1024),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Path:
    """Compare `samples` generated images with as many data images; write the JSON report."""
    import numpy as np

    from gandsl.render.output import artifact_path
    from gandsl.render.sample import generate
    from gandsl.gan.swd import swd

    p = params
    trained, data = inputs["from"], inputs["data"]
    n = min(int(p["samples"]), len(data))
    rng = np.random.default_rng(int(p["seed"]))
    real = data[np.sort(rng.choice(len(data), n, replace=False))]
    z = rng.standard_normal((n, int(trained.latent)))
    fake = generate(trained, z, ctx.device, 256).transpose(0, 3, 1, 2)
    if fake.shape[1:] != real.shape[1:]:
        raise NodeFailed(f"eval {ctx.node}: samples {fake.shape[1:]} and data {real.shape[1:]} "
                         "differ in channels or size", code="E511")
    report = swd(real, fake, seed=int(p["seed"]), per_image=int(p["patches"]))
    ctx.info(f"swd mean {report['mean']:.2f} (x1000; lower is better)")
    target = artifact_path(ctx.tmp_dir, "json")
    target.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    return target


load = artifact_loader("json")


def summary(path: Path) -> str:
    """The run table's note: the mean distance of the placed report."""
    report = json.loads(Path(path).read_text())
    return f"swd {report['mean']:.2f} (x1000, lower is better)"
