"""train op `srgan`: a learned upscaler (x2 or x4) trained on a data node's own images."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.gan.sr_config import SR_PARAMS
from gandsl.spec import OpSpec
from gandsl.context import RunContext

SPEC = OpSpec(
    stage="train",
    name="srgan",
    version=1,
    help="a learned upscaler (x2 or x4) trained on a data node's own images",
    params=SR_PARAMS,
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    """Train the upscaler on the data; resumes from ctx.work_dir checkpoints."""
    from gandsl.gan.sr_train import fit_sr

    return fit_sr(ctx, params, inputs["data"])


def save(value: Any, path: Path) -> None:
    value.save(Path(path))


def load(path: Path) -> Any:
    from gandsl.gan.sr_train import SRTrained

    return SRTrained.load(Path(path))

