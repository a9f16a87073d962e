"""model op `resnet`: residual generator; residual discriminator with spectral norm."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gandsl.errors import NodeFailed
from gandsl.ops.registry import OpSpec, ParamSpec

SPEC = OpSpec(
    stage="model",
    name="resnet",
    version=1,
    help="residual generator; residual discriminator with spectral norm",
    params=(
        ParamSpec("latent", "int", 128, "size of the latent vector z", lo=1, hi=2048),
        ParamSpec("width", "int", 32, "base channel width of both networks", lo=4, hi=1024),
        ParamSpec("resolution", "int", 0, "image side: 16, 32, 64 or 128; 0 takes it from the data", lo=0, hi=128),
        ParamSpec("channels", "int", 0, "image channels: 1 or 3; 0 takes them from the data", lo=0, hi=3),
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    """The architecture as a JSON-able dict; 0 resolution/channels are filled in at training."""
    if params["resolution"] not in (0, 16, 32, 64, 128):
        raise NodeFailed(f"model {ctx.node}: resolution {params['resolution']} is not 16, 32, 64 or 128",
                         code="E301", help="use a power of two between 16 and 128, or 0 for the data's")
    if params["channels"] == 2:
        raise NodeFailed(f"model {ctx.node}: channels must be 1 or 3 (or 0 for the data's)", code="E301")
    return {"arch": SPEC.name, **{k: int(params[k]) for k in ("latent", "width", "resolution", "channels")}}


def save(value: dict[str, Any], path: Path) -> None:
    (Path(path) / "model.json").write_text(json.dumps(value, sort_keys=True))


def load(path: Path) -> dict[str, Any]:
    return json.loads((Path(path) / "model.json").read_text())


def describe() -> str:
    """Parameter counts of G and D at typical sizes."""
    from gandsl.gan.models import describe as counts

    return counts(SPEC.name, 128, 32)
