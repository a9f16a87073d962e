"""model op `resnet`: residual generator; residual discriminator with spectral norm."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.ops.registry import OpSpec, ParamSpec

SPEC = OpSpec(
    stage="model",
    name="resnet",
    version=1,
    help="residual generator; residual discriminator with spectral norm",
    params=(
        ParamSpec("latent", "int", 128, "size of the latent vector z", lo=1, hi=2048),
        ParamSpec("width", "int", 32, "base channel width of both networks", lo=4, hi=1024),
        ParamSpec("resolution", "int", 0, "image side; 0 takes it from the data", lo=0, hi=256),
        ParamSpec("channels", "int", 0, "image channels; 0 takes them from the data", lo=0, hi=3),
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    raise NotImplementedError("model resnet: not implemented yet")


def save(value: Any, path: Path) -> None:
    raise NotImplementedError


def load(path: Path) -> Any:
    raise NotImplementedError
