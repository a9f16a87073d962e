"""Device choice: auto → cuda → mps → cpu. Imports torch only when asked to resolve."""
from __future__ import annotations

import re

from gandsl.errors import RecipeError

DEVICE_PATTERN = re.compile(r"auto|cpu|mps|cuda(:[0-9]+)?")


class DeviceError(RecipeError):
    """The requested device is not present (exit 1; nothing ran)."""


def valid_device(text: str) -> bool:
    """Whether text names a device: auto, cpu, cuda, cuda:N or mps."""
    return DEVICE_PATTERN.fullmatch(text) is not None


def resolve_device(requested: str = "auto") -> str:
    """The torch device string to run on; raises DeviceError if the request is impossible."""
    if requested == "cpu":
        return "cpu"
    import torch

    cuda = torch.cuda.is_available()
    mps = bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())
    if requested == "auto":
        return "cuda" if cuda else "mps" if mps else "cpu"
    if requested == "mps":
        if not mps:
            raise DeviceError("--device mps: Apple MPS is not available here", code="E201",
                              help="use --device auto or --device cpu")
        return "mps"
    index = int(requested.split(":", 1)[1]) if ":" in requested else 0
    if not cuda or index >= torch.cuda.device_count():
        raise DeviceError(f"--device {requested}: no such CUDA device here", code="E201",
                          help="use --device auto or --device cpu")
    return requested
