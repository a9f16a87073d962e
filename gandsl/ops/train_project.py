"""train op `project`: for each image of a data node, the latent that regenerates it best."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.context import RunContext
from gandsl.gan.project_config import PROJECT_PARAMS
from gandsl.spec import OpSpec

SPEC = OpSpec(
    stage="train",
    name="project",
    version=1,
    help="find, for each image of `images`, the latent whose generated image matches it best "
         "(Adam on z; pixel L1 + multi-scale SSIM); walks take `latents = NODE`",
    params=PROJECT_PARAMS,
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    """The found latents, the originals and the reconstructions, with PSNR per image."""
    from gandsl.errors import NodeFailed
    from gandsl.gan.project import project, psnr, to_float, to_uint8
    from gandsl.gan.project_config import ProjectConfig
    from gandsl.gan.projected import Projected

    source, images = inputs["from"], inputs["images"]
    if hasattr(source, "latents"):
        raise NodeFailed(f"train {ctx.node}: `from` must be a gan train node, not a project node",
                         code="E312")
    target = to_float(images[: int(params["count"])], source.resolution, source.channels)
    cfg = ProjectConfig.from_params(params)
    import torch

    threads_before = torch.get_num_threads()
    if ctx.device == "cpu":
        torch.set_num_threads(ctx.numerics.threads)  # the keyed count (gandsl/numerics.py)
    task = ctx.progress.task(f"project {ctx.node}", total=cfg.steps)
    try:
        z, recon = project(source.generator(ctx.device), target.to(ctx.device), cfg, source.latent, task)
    finally:
        task.close()
        torch.set_num_threads(threads_before)
    scores = [round(float(v), 3) for v in psnr(recon, target)]
    ctx.info(f"project {ctx.node}: {len(scores)} images, mean PSNR {sum(scores) / len(scores):.2f} dB")
    return Projected.build(source, z, to_uint8(target), to_uint8(recon),
                           {"psnr": scores, "steps": cfg.steps})


def check(params: dict[str, Any], upstream: dict[str, Any]) -> list:
    """`from` is a gan train node: projection searches a generator's latent space."""
    from gandsl.lang.check_nodes import Problem

    source = upstream.get("from")
    if source is not None and source.op != "gan":
        return [Problem("E312", f"`from` must be a `gan` train node, not a `{source.op}` node "
                        f"(`{source.name}`)", "from", f"a {source.op} node",
                        "project images into the latent space of a `train ... = gan` node")]
    return []


def check_deep(params: dict[str, Any], upstream: dict[str, Any], nodes: dict[str, Any]) -> list:
    """A pattern model has no one latent vector to search (E047)."""
    from gandsl.ops.common_pattern import needs_vector

    return needs_vector(params, nodes, "from", "projection")


def save(value: Any, path: Path) -> None:
    value.save(Path(path))


def load(path: Path) -> Any:
    from gandsl.gan.projected import Projected

    return Projected.load(Path(path))
