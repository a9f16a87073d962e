"""model op `fastgan`: the few-shot GAN of Liu et al. 2021, small: skip-layer excitation in G, a
self-supervised D that must also rebuild real images from its own features."""
from __future__ import annotations

from typing import Any

from gandsl.context import RunContext
from gandsl.ops.common_model import architecture, describe_model, model_params
from gandsl.ops.common_model import load_model as load, save_model as save  # noqa: F401
from gandsl.spec import OpSpec, ParamSpec

SPEC = OpSpec(
    stage="model",
    name="fastgan",
    version=1,
    help="few-shot GAN (FastGAN, Liu et al. 2021): skip-layer excitation in G, GLU blocks; "
         "D rebuilds real images and a random quarter of them from its own features "
         "(self-supervision against overfitting on 30-200 images)",
    params=(
        *model_params(latent=64, width=16),
        ParamSpec("mbstd", "bool", True, "minibatch standard deviation in D (against mode collapse)"),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    """The architecture as a JSON-able dict; 0 resolution/channels are filled in at training."""
    return {**architecture(SPEC.name, params),
            "mbstd": bool(params.get("mbstd", SPEC.param("mbstd").default))}


def describe() -> str:
    """Parameter counts of G and D at typical sizes."""
    return describe_model(SPEC)
