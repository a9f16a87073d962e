"""Params and helpers model ops share: architecture params, describe, save/load.

Not an op module (the registry loads only `<stage>_<name>.py`); heavy libraries are
imported inside the functions, as in every op.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gandsl.spec import MODEL_RESOLUTIONS, ParamSpec


def model_params(latent: int, width: int) -> tuple:
    """`latent`, `width`, `resolution` and `channels` of the model ops."""
    return (
        ParamSpec("latent", "int", latent, "size of the latent vector z", lo=1, hi=2048),
        ParamSpec("width", "int", width, "base channel width of both networks", lo=4, hi=1024),
        ParamSpec("resolution", "int", 0, "image side; 0 takes it from the data",
                  choices=(0, *MODEL_RESOLUTIONS)),
        ParamSpec("channels", "int", 0, "image channels; 0 takes them from the data",
                  choices=(0, 1, 3)),
    )


def architecture(arch: str, params: dict[str, Any]) -> dict[str, Any]:
    """A model node's value: the architecture as a JSON-able dict (0 = from the data)."""
    return {"arch": arch, **{k: int(params[k]) for k in ("latent", "width", "resolution",
                                                          "channels")}}


def describe_model(spec: Any) -> str:
    """G and D parameter counts of a model op at its default latent and width (imports torch)."""
    from gandsl.gan.models import describe as counts

    return counts(spec.name, spec.param("latent").default, spec.param("width").default)


def save_model(value: dict[str, Any], path: Path) -> None:
    """Store a model node's architecture as JSON."""
    (Path(path) / "model.json").write_text(json.dumps(value, sort_keys=True))


def load_model(path: Path) -> dict[str, Any]:
    """A model node's architecture back."""
    return json.loads((Path(path) / "model.json").read_text())
