"""model op `dcgan`: DCGAN (Radford et al. 2015) with resize-conv upsampling and minibatch stddev by default."""
from __future__ import annotations

from typing import Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_model import architecture, describe_model, model_params
from gandsl.ops.common_model import load_model as load, save_model as save  # noqa: F401
from gandsl.context import RunContext

SPEC = OpSpec(
    stage="model",
    name="dcgan",
    version=1,
    help="DCGAN: strided convolutions and batch norm (Radford et al. 2015); by default resize-conv "
         "upsampling (no checkerboard) and minibatch stddev in D",
    params=(
        *model_params(latent=64, width=32),
        # bench/own_images.py: resize + mbstd took the checkerboard from 23 to 1 and SWD from 177 to 141
        ParamSpec("upsample", "str", "resize", "generator upsampling: \"resize\" (nearest + conv, "
                  "no checkerboard) or \"transposed\" convolutions (about 20% faster)",
                  choices=("resize", "transposed")),
        ParamSpec("mbstd", "bool", True, "minibatch standard deviation in D (against mode collapse)"),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    """The architecture as a JSON-able dict; 0 resolution/channels are filled in at training."""
    return {**architecture(SPEC.name, params),
            "upsample": str(params.get("upsample", SPEC.param("upsample").default)),
            "mbstd": bool(params.get("mbstd", SPEC.param("mbstd").default))}


def describe() -> str:
    """Parameter counts of G and D at typical sizes."""
    return describe_model(SPEC)
