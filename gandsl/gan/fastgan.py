"""FastGAN (Liu et al. 2021), small: the few-shot generator and its self-supervised discriminator.

G: z -> 4x4, then 2x blocks (nearest up, 3x3 conv, batch norm, GLU; no noise injection: every
random draw of a run must come from its seeded generator) to the
resolution, with skip-layer excitation (SLE): the 4x4 and 8x8 maps gate the channels of the two
largest maps, so coarse structure steers fine detail. D: stride-2 blocks down to 8x8 and a patch
head; as a regulariser it must also rebuild the real image from its 8x8 features and a random
quarter of it from the matching quarter of its 16x16 features, through small decoders
(`recon_loss`, used on real batches only). No perceptual network: L1 on pixels.
"""
from __future__ import annotations

import math
from typing import Any

import torch
import torch.nn as nn
import torch.nn.functional as F

from gandsl.gan.blocks import MinibatchStd, dcgan_init

RECON = 32  # side the decoders rebuild at


def _mult(i: int) -> int:
    return min(2 ** i, 8)


class UpBlock(nn.Module):
    """[N,a,H,W] -> [N,b,2H,2W]: nearest up, conv to 2b, BN, GLU."""

    def __init__(self, a: int, b: int):
        super().__init__()
        self.conv = nn.Conv2d(a, 2 * b, 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(2 * b)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.glu(self.bn(self.conv(F.interpolate(x, scale_factor=2.0))), dim=1)


class SLE(nn.Module):
    """Skip-layer excitation: a small map's pooled features gate a large map's channels."""

    def __init__(self, small: int, big: int):
        super().__init__()
        self.net = nn.Sequential(nn.AdaptiveAvgPool2d(4), nn.Conv2d(small, big, 4, 1, 0), nn.SiLU(),
                                 nn.Conv2d(big, big, 1), nn.Sigmoid())

    def forward(self, small: torch.Tensor, big: torch.Tensor) -> torch.Tensor:
        return big * self.net(small)  # [N,big,H,W] * [N,big,1,1]


class FastGenerator(nn.Module):
    def __init__(self, latent: int, width: int, resolution: int, channels: int):
        super().__init__()
        n = int(math.log2(resolution)) - 2  # 2x blocks after 4x4
        ch = [width * _mult(n - i) for i in range(n + 1)]  # channels at 4, 8, ..., R
        self.init = nn.Sequential(nn.ConvTranspose2d(latent, 2 * ch[0], 4, 1, 0, bias=False),
                                  nn.BatchNorm2d(2 * ch[0]), nn.GLU(dim=1))  # [N,ch0,4,4]
        self.ups = nn.ModuleList(UpBlock(a, b) for a, b in zip(ch[:-1], ch[1:]))
        self.sle = nn.ModuleList([SLE(ch[0], ch[-2]), SLE(ch[1], ch[-1])]) if n >= 3 else nn.ModuleList()
        self.out = nn.Conv2d(ch[-1], channels, 3, 1, 1)
        self.latent = latent

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        feats = [self.init(z.view(z.shape[0], self.latent, 1, 1))]
        for up in self.ups:
            feats.append(up(feats[-1]))
            if len(self.sle) and len(feats) == len(self.ups):  # the second largest map
                feats[-1] = self.sle[0](feats[0], feats[-1])
        if len(self.sle):
            feats[-1] = self.sle[1](feats[1], feats[-1])
        return torch.tanh(self.out(feats[-1]))  # [N,C,R,R]


def down(a: int, b: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(a, b, 4, 2, 1, bias=False), nn.BatchNorm2d(b), nn.LeakyReLU(0.2, True))


def decoder(c: int, width: int, channels: int) -> nn.Sequential:
    """[N,c,8,8] -> [N,channels,RECON,RECON] through two UpBlocks."""
    return nn.Sequential(nn.AdaptiveAvgPool2d(8), UpBlock(c, width * 2),
                         UpBlock(width * 2, width), nn.Conv2d(width, channels, 3, 1, 1),
                         nn.Tanh())


class FastDiscriminator(nn.Module):
    def __init__(self, width: int, resolution: int, channels: int, mbstd: bool = True):
        super().__init__()
        n = int(math.log2(resolution)) - 3  # stride-2 blocks down to 8x8
        ch = [channels] + [width * _mult(i) for i in range(n)]
        self.blocks = nn.ModuleList(down(a, b) for a, b in zip(ch[:-1], ch[1:]))
        self.std = MinibatchStd() if mbstd else nn.Identity()
        self.head = nn.Conv2d(ch[-1] + int(mbstd), 1, 4, 1, 0)  # [N,1,5,5] patch logits
        self.whole = decoder(ch[-1], width, channels)
        self.part = decoder(ch[-2] if n >= 2 else ch[-1], width, channels)
        self._feats: list[torch.Tensor] = []

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        feats = []
        for block in self.blocks:
            x = block(x)
            feats.append(x)
        self._feats = feats  # for recon_loss right after a forward on reals
        return self.head(self.std(x)).flatten(1).mean(1)  # [N]

    def recon_loss(self, real: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
        """L1 of the decoders' rebuilds of `real` (the batch the last forward saw) and of a random
        quarter of it, from the 8x8 and the matching quarter of the 16x16 features."""
        f8, f16 = self._feats[-1], self._feats[-2] if len(self._feats) > 1 else self._feats[-1]
        whole = F.interpolate(real, size=RECON, mode="area")
        q = int(torch.randint(0, 4, (1,), generator=gen, device=gen.device))
        qy, qx = divmod(q, 2)
        h, r = f16.shape[2] // 2, real.shape[2] // 2
        part_f = f16[:, :, qy * h:(qy + 1) * h, qx * h:(qx + 1) * h]
        part = F.interpolate(real[:, :, qy * r:(qy + 1) * r, qx * r:(qx + 1) * r], size=RECON, mode="area")
        return (self.whole(f8) - whole).abs().mean() + (self.part(part_f) - part).abs().mean()


def build_fastgan(spec: dict[str, Any]) -> tuple[nn.Module, nn.Module]:
    """G and D of a fastgan spec."""
    lat, w, r, c = spec["latent"], spec["width"], spec["resolution"], spec["channels"]
    g, d = FastGenerator(lat, w, r, c), FastDiscriminator(w, r, c, bool(spec.get("mbstd", True)))
    g.apply(dcgan_init)
    d.apply(dcgan_init)
    return g, d
