"""model op `dcgan`: DCGAN: transposed convolutions and batch norm (Radford et al. 2015)."""
from __future__ import annotations

from typing import Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.shared import architecture, describe_model, model_params
from gandsl.ops.shared import load_model as load, save_model as save  # noqa: F401
from gandsl.ops.context import RunContext

SPEC = OpSpec(
    stage="model",
    name="dcgan",
    version=1,
    help="DCGAN: transposed convolutions and batch norm (Radford et al. 2015)",
    params=(
        *model_params(latent=64, width=32),
        ParamSpec("upsample", "str", "transposed", "generator upsampling: \"resize\" (nearest + conv, "
                  "no checkerboard) or \"transposed\" convolutions", choices=("resize", "transposed")),
        ParamSpec("mbstd", "bool", False, "minibatch standard deviation in D (against mode collapse)"),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    """The architecture as a JSON-able dict; 0 resolution/channels are filled in at training."""
    return {**architecture(SPEC.name, params), "upsample": str(params.get("upsample", "transposed")),
            "mbstd": bool(params.get("mbstd", False))}


def describe() -> str:
    """Parameter counts of G and D at typical sizes."""
    return describe_model(SPEC)
