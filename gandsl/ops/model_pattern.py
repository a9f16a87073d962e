"""model op `pattern`: a tileable pattern generator (circular padding, spatial noise) and a patch D."""
from __future__ import annotations

from typing import Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_model import architecture, model_params
from gandsl.ops.common_model import load_model as load, save_model as save  # noqa: F401
from gandsl.context import RunContext

SPEC = OpSpec(
    stage="model",
    name="pattern",
    version=2,
    help="a tileable pattern generator: fully convolutional with circular padding on a spatial "
         "noise grid (local noise, a global vector, sine channels; PSGAN, Bergmann et al. 2017), "
         "so any multiple of `step` can be drawn and every output tiles; a patch discriminator",
    params=(
        *model_params(latent=32, width=32),
        ParamSpec("local", "int", 8, "local noise channels per grid cell (variety between repeats)",
                  lo=1, hi=256),
        ParamSpec("periodic", "int", 4, "sine channels whose wave vectors come from the global "
                  "vector (regular repeats); 0 turns them off", lo=0, hi=64),
        ParamSpec("step", "int", 16, "pixels per noise cell: drawn sizes are multiples of it",
                  choices=(4, 8, 16, 32)),
        ParamSpec("mbstd", "bool", True, "minibatch standard deviation in D (against mode collapse)"),
        ParamSpec("wide", "bool", True, "D also judges each training crop as a whole (the mix of "
                  "colours and motifs), not only its patches"),
    ),
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    """The architecture as a JSON-able dict; 0 resolution/channels are filled in at training."""
    return {**architecture(SPEC.name, params),
            **{k: int(params.get(k, SPEC.param(k).default)) for k in ("local", "periodic", "step")},
            **{k: bool(params.get(k, SPEC.param(k).default)) for k in ("mbstd", "wide")}}


def describe() -> str:
    """Parameter counts of G and D at typical sizes (any drawn size: the weights are per cell)."""
    from gandsl.gan.models import param_counts

    d = {p.name: p.default for p in SPEC.params}
    lines = [f"parameters (latent {d['latent']}, width {d['width']}, step {d['step']}):"]
    for r, c in ((32, 1), (64, 3)):
        g, dn = param_counts({**d, "arch": "pattern", "resolution": r, "channels": c})
        lines.append(f"  {r}x{r}x{c}: G {g:,}  D {dn:,}")
    return "\n".join(lines)
