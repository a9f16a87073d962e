"""Tileable pattern GAN: a fully convolutional generator on a torus and a patch discriminator.

The generator reads a spatial noise grid (PSGAN, Bergmann et al. 2017): `local` channels of
noise per cell, a `latent` global vector broadcast over the grid, and `periodic` sine channels
whose wave vectors come from the global vector. Every convolution pads circularly and the
upsampling is nearest + conv (transposed convolutions cannot pad circularly), so the output of
an h x w grid is an (h*step) x (w*step) picture that tiles with itself, exactly. The sines are
rounded to whole periods of the grid (straight-through), so they tile too.

A latent is either flat [N, latent + local*g*g] (the square training grid g, what `train gan`
draws) or a grid [N, latent + local, h, w] whose first `latent` channels are constant.
"""
from __future__ import annotations

import math
from typing import Any, Callable

import torch
import torch.nn as nn

from gandsl.gan.blocks import MinibatchStd

STEPS = (4, 8, 16, 32)


def cconv(a: int, b: int, k: int = 3, bias: bool = False) -> nn.Conv2d:
    """A convolution with circular padding: outputs on a torus."""
    return nn.Conv2d(a, b, k, 1, k // 2, bias=bias, padding_mode="circular")


class PatternGenerator(nn.Module):
    def __init__(self, latent: int, local: int, periodic: int, width: int, step: int, channels: int,
                 base: int):
        super().__init__()
        self.latent, self.local, self.periodic, self.base = latent, local, periodic, base
        n = int(math.log2(step))
        ch = [width * min(2 ** (n - i), 8) for i in range(n + 1)]  # at the grid, then each 2x
        self.waves = nn.Linear(latent, 3 * periodic) if periodic else None  # (kx, ky, phase)
        layers: list[nn.Module] = [cconv(latent + local + periodic, ch[0]), nn.BatchNorm2d(ch[0]),
                                   nn.ReLU(True)]
        for a, b in zip(ch[:-1], ch[1:]):
            layers += [nn.Upsample(scale_factor=2.0, mode="nearest"), cconv(a, b),
                       nn.BatchNorm2d(b), nn.ReLU(True)]
        layers += [cconv(ch[-1], channels, bias=True), nn.Tanh()]
        self.net = nn.Sequential(*layers)

    def grid(self, z: torch.Tensor) -> torch.Tensor:
        """A flat latent [N, L + l*g*g] as its square grid [N, L + l, g, g]; grids pass through."""
        if z.dim() == 4:
            return z
        n, cells = z.shape[0], (z.shape[1] - self.latent) // self.local
        g = math.isqrt(cells)
        local = z[:, self.latent:].reshape(n, self.local, g, g)  # [N,l,g,g]
        glob = z[:, :self.latent, None, None].expand(n, self.latent, g, g)  # [N,L,g,g]
        return torch.cat([glob, local], dim=1)

    def sines(self, glob: torch.Tensor, h: int, w: int) -> torch.Tensor:
        """Periodic channels [N,P,h,w]: wave vectors from the global vector, whole periods of the grid.

        Frequencies (cycles per cell) are rounded to whole periods of the training grid, then of
        this grid (straight-through), so a grid that is a multiple of the training one draws the
        same waves and every grid tiles."""
        k = self.waves(glob).view(-1, 3, self.periodic)  # [N,3,P]
        kx, ky = _whole(_whole(k[:, 0] * 0.5, self.base), w), _whole(_whole(k[:, 1] * 0.5, self.base), h)
        ys = torch.arange(h, device=glob.device, dtype=glob.dtype).view(1, 1, h, 1) / h
        xs = torch.arange(w, device=glob.device, dtype=glob.dtype).view(1, 1, 1, w) / w
        phase = 2 * math.pi * (kx[..., None, None] * w * xs + ky[..., None, None] * h * ys)
        return torch.sin(phase + math.pi * k[:, 2, :, None, None])  # [N,P,h,w]

    def inputs(self, z: torch.Tensor) -> torch.Tensor:
        """The input field [N,L+l+P,h,w] of a latent: the noise grid and its sines."""
        x = self.grid(z)  # [N,L+l,h,w]
        if self.waves is None:
            return x
        glob = x[:, :self.latent].mean(dim=(2, 3))  # [N,L]
        return torch.cat([x, self.sines(glob, x.shape[2], x.shape[3])], dim=1)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(self.inputs(z))  # [N,C,h*step,w*step]


def _whole(f: torch.Tensor, side: int) -> torch.Tensor:
    """Frequencies f (cycles per cell) rounded to whole cycles over `side` cells, straight-through."""
    return f + ((f * side).round() / side - f).detach()


class PatchDiscriminator(nn.Module):
    """Strided convolutions down to a map of patch logits, one logit per patch: [N*P].

    With `wide`, a logit of the whole crop (a linear map of the features' mean and spread over
    the crop) is added to every patch's, so D also judges what only a whole crop shows: the mix
    of colours and motifs, which a patch of one motif cannot."""

    def __init__(self, width: int, resolution: int, channels: int, mbstd: bool = True,
                 wide: bool = False):
        super().__init__()
        n = max(1, min(3, int(math.log2(resolution)) - 2))  # stride-2 convs: patches of ~8 px apart
        ch = [width * 2 ** i for i in range(n)]
        layers: list[nn.Module] = [nn.Conv2d(channels, ch[0], 4, 2, 1), nn.LeakyReLU(0.2, True)]
        for a, b in zip(ch[:-1], ch[1:]):
            layers += [nn.Conv2d(a, b, 4, 2, 1, bias=False), nn.BatchNorm2d(b), nn.LeakyReLU(0.2, True)]
        self.split = len(layers)  # the features end here
        layers += [MinibatchStd()] if mbstd else []  # [N,c,r,r] -> [N,c+1,r,r]
        layers += [nn.Conv2d(ch[-1] + int(mbstd), 1, 3, 1, 1)]
        self.net = nn.Sequential(*layers)
        self.wide = nn.Linear(2 * ch[-1], 1) if wide else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.net[:self.split](x)  # [N,c,r,r]
        logits = self.net[self.split:](h)  # [N,1,r,r]
        if self.wide is not None:
            stats = torch.cat([h.mean(dim=(2, 3)), h.std(dim=(2, 3))], dim=1)  # [N,2c]
            logits = logits + self.wide(stats)[:, :, None, None]
        return logits.flatten()  # [N*P] patch logits


def build_pattern(spec: dict[str, Any], init: Callable[[nn.Module], None]) -> tuple[nn.Module, nn.Module]:
    """(generator, discriminator) of a resolved pattern spec."""
    g = PatternGenerator(int(spec["latent"]), int(spec["local"]), int(spec["periodic"]),
                         int(spec["width"]), int(spec["step"]), int(spec["channels"]),
                         int(spec["resolution"]) // int(spec["step"]))
    wide = bool(spec.get("wide", False))  # models made before `wide` have none
    d = PatchDiscriminator(int(spec["width"]), int(spec["resolution"]), int(spec["channels"]),
                           bool(spec.get("mbstd", True)), wide)
    g.apply(init)
    d.apply(init)
    if g.waves is not None:  # wave vectors ~ N(0, 1) per global unit: a few periods a tile
        nn.init.normal_(g.waves.weight, 0.0, 1.0 / math.sqrt(g.latent))
    return g, d


def check_pattern(spec: dict[str, Any]) -> None:
    """Raise ValueError unless the training side holds at least two cells of `step`."""
    step, r = int(spec["step"]), int(spec["resolution"])
    if step not in STEPS:
        raise ValueError(f"step {step} is not one of {', '.join(map(str, STEPS))}")
    if r % step or r < 2 * step:
        raise ValueError(f"resolution {r} is not a multiple of 2 x step ({2 * step})")
