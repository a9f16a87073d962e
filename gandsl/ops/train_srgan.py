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



MIN_LOW_RES = 4  # the low-res images an upscaler learns from are at least this big


def check(params: dict[str, Any], upstream: dict[str, Any]) -> list:
    """The factor fits the data: its images shrink to a whole size of at least MIN_LOW_RES px."""
    from gandsl.lang.check_nodes import Problem

    size, f = upstream["data"].params.get("size"), params.get("factor")
    if not isinstance(size, int) or not isinstance(f, int) or (size % f == 0 and size // f >= MIN_LOW_RES):
        return []
    fits = [k for k in (2, 4) if size % k == 0 and size // k >= MIN_LOW_RES]
    hint = (f"use `factor = {fits[0]}`, or a data `size` that is a multiple of {f}" if fits
            else f"give the data a `size` that is a multiple of {f}, e.g. {max(f * 8, size // f * f)}")
    return [Problem("E080", f"factor {f} does not fit the data size {size}: the high-res images "
                    f"must shrink to a whole size of at least {MIN_LOW_RES} px", "factor",
                    f"{size} is not {f} x a whole size", hint)]
