"""Exponential moving average of the generator's weights (buffers are copied)."""
from __future__ import annotations

import copy

import torch
import torch.nn as nn


class EMA:
    """An EMA copy of a module; the decay warms up as min(decay, (1+t)/(10+t))."""

    def __init__(self, model: nn.Module, decay: float) -> None:
        self.decay = decay
        self.model = copy.deepcopy(model).eval().requires_grad_(False)
        self._src = list(model.parameters())
        self._dst = list(self.model.parameters())
        self._bsrc = [b for b in model.buffers() if b.is_floating_point()]
        self._bdst = [b for b in self.model.buffers() if b.is_floating_point()]

    @torch.no_grad()
    def update(self, step: int) -> None:
        """Blend the source weights in after generator step `step` (0-based)."""
        d = min(self.decay, (1.0 + step) / (10.0 + step))
        torch._foreach_lerp_(self._dst, self._src, 1.0 - d)
        if self._bdst:
            torch._foreach_copy_(self._bdst, self._bsrc)
