"""Layers against checkerboards and mode collapse: resize-conv upsampling, minibatch stddev."""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

UPSAMPLES = ("resize", "transposed")


class ResizeConv(nn.Module):
    """Nearest 2x upsampling then a 3x3 conv (Odena et al. 2016): no checkerboard by construction."""

    def __init__(self, a: int, b: int, bias: bool = False):
        super().__init__()
        self.conv = nn.Conv2d(a, b, 3, 1, 1, bias=bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(F.interpolate(x, scale_factor=2.0, mode="nearest"))  # [N,a,H,W] -> [N,b,2H,2W]


def up(a: int, b: int, kind: str) -> nn.Module:
    """A 2x upsampling layer from a to b channels: `resize` (+conv) or `transposed` conv."""
    if kind == "resize":
        return ResizeConv(a, b)
    return nn.ConvTranspose2d(a, b, 4, 2, 1, bias=False)


class MinibatchStd(nn.Module):
    """Append the batch's mean feature stddev as one more channel (Karras et al. 2018)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, _, h, w = x.shape
        return torch.cat([x, self.std(x).to(x.dtype).expand(n, 1, h, w)], dim=1)  # [N,C+1,H,W]

    def std(self, x: torch.Tensor) -> torch.Tensor:
        """The mean over features of the batch's (biased) standard deviation: a scalar."""
        if len(x) < 2:
            return x.new_zeros(())
        return x.float().var(dim=0, unbiased=False).add(1e-8).sqrt().mean()


def dcgan_init(m: nn.Module) -> None:
    """DCGAN paper init: conv/linear weights N(0, 0.02), BN weights N(1, 0.02), biases 0."""
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
        nn.init.normal_(m.weight, 0.0, 0.02)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)
