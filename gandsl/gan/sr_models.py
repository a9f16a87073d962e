"""Super-resolution networks: a compact residual upscaler and a small patch discriminator.

The upscaler follows Real-ESRGAN's SRVGGNetCompact: plain 3x3 convolutions at the low
resolution, a pixel shuffle to the high one, and a bicubic skip, so the network learns only the
residual and starts out as bicubic (its last convolution is zero-initialised). The
discriminator is a spectral-normalised patch critic that also returns its features for
feature matching. No pretrained weights anywhere.
"""
from __future__ import annotations

from typing import Any

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.parametrizations import spectral_norm

FACTORS = (2, 4)


def check_sr_spec(spec: dict[str, Any]) -> None:
    """Raise ValueError if an SR spec is not buildable."""
    if spec.get("arch") != "srvgg":
        raise ValueError(f"unknown SR architecture {spec.get('arch')!r}")
    if int(spec["factor"]) not in FACTORS:
        raise ValueError(f"factor must be one of {FACTORS}")
    if int(spec["channels"]) not in (1, 3):
        raise ValueError("channels must be 1 or 3")


def bicubic(x: torch.Tensor, factor: int) -> torch.Tensor:
    """Bicubic enlargement [N,C,h,w] -> [N,C,h*f,w*f] (no clamping)."""
    return F.interpolate(x, scale_factor=factor, mode="bicubic", align_corners=False)


class SRNet(nn.Module):
    """Low-res [N,C,h,w] in [-1,1] -> high-res [N,C,h*f,w*f]: bicubic(x) + learned residual."""

    def __init__(self, channels: int, factor: int, width: int, blocks: int):
        super().__init__()
        self.factor = factor
        layers: list[nn.Module] = [nn.Conv2d(channels, width, 3, 1, 1), nn.PReLU(width)]
        for _ in range(blocks):
            layers += [nn.Conv2d(width, width, 3, 1, 1), nn.PReLU(width)]
        last = nn.Conv2d(width, channels * factor * factor, 3, 1, 1)
        nn.init.zeros_(last.weight)
        nn.init.zeros_(last.bias)
        self.body = nn.Sequential(*layers, last)  # [N, C*f*f, h, w]
        self.shuffle = nn.PixelShuffle(factor)    # -> [N, C, h*f, w*f]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return bicubic(x, self.factor) + self.shuffle(self.body(x))


class PatchD(nn.Module):
    """Patch critic: [N,C,H,W] -> (logits [N*patches], features for matching)."""

    def __init__(self, channels: int, width: int):
        super().__init__()
        w = width
        self.blocks = nn.ModuleList([
            spectral_norm(nn.Conv2d(channels, w, 4, 2, 1)),   # H/2
            spectral_norm(nn.Conv2d(w, 2 * w, 4, 2, 1)),      # H/4
            spectral_norm(nn.Conv2d(2 * w, 2 * w, 3, 1, 1)),  # H/4
        ])
        self.head = spectral_norm(nn.Conv2d(2 * w, 1, 3, 1, 1))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, list[torch.Tensor]]:
        feats = []
        for conv in self.blocks:
            x = F.leaky_relu(conv(x), 0.2)
            feats.append(x)
        return self.head(x).flatten(), feats


def build_sr(spec: dict[str, Any]) -> tuple[nn.Module, nn.Module]:
    """(upscaler, discriminator) for a spec {arch, factor, channels, width, blocks, d_width}."""
    check_sr_spec(spec)
    c = int(spec["channels"])
    g = SRNet(c, int(spec["factor"]), int(spec["width"]), int(spec["blocks"]))
    return g, PatchD(c, int(spec["d_width"]))


def build_upscaler(spec: dict[str, Any]) -> nn.Module:
    """The upscaler alone (for loading trained weights)."""
    check_sr_spec(spec)
    return SRNet(int(spec["channels"]), int(spec["factor"]), int(spec["width"]), int(spec["blocks"]))


def param_count(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())
