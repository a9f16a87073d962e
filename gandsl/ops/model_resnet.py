"""model op `resnet`: residual generator; residual discriminator with spectral norm."""
from __future__ import annotations

from typing import Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_model import architecture, describe_model, model_params
from gandsl.ops.common_model import load_model as load, save_model as save  # noqa: F401
from gandsl.context import RunContext

SPEC = OpSpec(
    stage="model",
    name="resnet",
    version=1,
    help="residual generator; residual discriminator with spectral norm (train it with betas = [0.0, 0.9] and lr_d = 4e-4)",
    params=(
        *model_params(latent=128, width=32),
        ParamSpec("mbstd", "bool", False, "minibatch standard deviation in D (against mode collapse)"),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    """The architecture as a JSON-able dict; 0 resolution/channels are filled in at training."""
    return {**architecture(SPEC.name, params), "mbstd": bool(params.get("mbstd", False))}


def describe() -> str:
    """Parameter counts of G and D at typical sizes."""
    return describe_model(SPEC)
