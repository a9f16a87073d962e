"""Image-to-image translation networks (train op `translate`): a CUT-like generator and a patch D.

The generator is fully convolutional with reflect padding and no normalisation layer, so a frame
of any size (a multiple of 4) can be painted in overlapping tiles that give the same pixels as one
pass (render/stylize.py). Unpaired, it learns a residual over its input (it starts near the
identity, so PatchNCE is met at once and the adversarial term moves it towards the style);
paired, it maps a into b directly (pix2pix). `heads` are the PatchNCE projections (CUT, Park
et al. 2020) on the generator's own encoder features: no VGG, no downloads.
"""
from __future__ import annotations

from typing import Any

import torch
import torch.nn as nn
import torch.nn.functional as F

STRIDE = 4  # two stride-2 convolutions: frame sides must be multiples of this
REACH = 48  # pixels of context each output pixel reads, rounded up to a multiple of STRIDE


def conv(a: int, b: int, k: int, stride: int = 1) -> nn.Sequential:
    """Reflect-padded convolution [N,a,H,W] -> [N,b,H/stride,W/stride]."""
    return nn.Sequential(nn.ReflectionPad2d(k // 2), nn.Conv2d(a, b, k, stride))


class ResBlock(nn.Module):
    def __init__(self, ch: int):
        super().__init__()
        self.body = nn.Sequential(conv(ch, ch, 3), nn.LeakyReLU(0.2, True), conv(ch, ch, 3))
        self.scale = nn.Parameter(torch.full((1, ch, 1, 1), 0.1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.scale * self.body(x)


class Translator(nn.Module):
    """[N,cin,H,W] in [-1,1] -> [N,cout,H,W]; H, W multiples of STRIDE."""

    def __init__(self, cin: int, cout: int, width: int, blocks: int, residual: bool, nce: int = 64):
        super().__init__()
        w = width
        act = nn.LeakyReLU(0.2, True)
        self.enc = nn.ModuleList([
            nn.Sequential(conv(cin, w, 7), act),           # [N,w,H,W]
            nn.Sequential(conv(w, 2 * w, 3, 2), act),      # [N,2w,H/2,W/2]
            nn.Sequential(conv(2 * w, 4 * w, 3, 2), act),  # [N,4w,H/4,W/4]
            *[ResBlock(4 * w) for _ in range(blocks)],
        ])
        self.dec = nn.Sequential(
            nn.Upsample(scale_factor=2), conv(4 * w, 2 * w, 3), act,
            nn.Upsample(scale_factor=2), conv(2 * w, w, 3), act,
            conv(w, cout, 7))                              # [N,cout,H,W]
        self.residual = residual and cin == cout
        if self.residual:  # start near the identity, yet with gradients through every layer
            with torch.no_grad():
                self.dec[-1][1].weight.mul_(0.1)
                self.dec[-1][1].bias.zero_()
        self.nce_layers = (0, 1, 2, 2 + max(1, blocks // 2))  # encoder outputs PatchNCE compares
        widths = [w, 2 * w, 4 * w, 4 * w]
        self.heads = nn.ModuleList(nn.Sequential(nn.Linear(c, nce), nn.ReLU(), nn.Linear(nce, nce))
                                   for c in widths)

    def encode(self, x: torch.Tensor, features: list[torch.Tensor] | None = None) -> torch.Tensor:
        for i, layer in enumerate(self.enc):
            x = layer(x)
            if features is not None and i in self.nce_layers:
                features.append(x)
        return x

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.dec(self.encode(x))
        return x + y if self.residual else torch.tanh(y)


class PatchCritic(nn.Module):
    """[N,C,H,W] -> logits [N*patches]: a small PatchGAN (receptive field ~34 px)."""

    def __init__(self, channels: int, width: int):
        super().__init__()
        w = width
        self.net = nn.Sequential(
            nn.Conv2d(channels, w, 4, 2, 1), nn.LeakyReLU(0.2, True),
            nn.Conv2d(w, 2 * w, 4, 2, 1), nn.LeakyReLU(0.2, True),
            nn.Conv2d(2 * w, 4 * w, 4, 1, 1), nn.LeakyReLU(0.2, True),
            nn.Conv2d(4 * w, 1, 4, 1, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).flatten()


def high_pass(x: torch.Tensor) -> torch.Tensor:
    """The fine detail of x [N,C,H,W]: its grey minus a 5x5 box blur of it, [N,1,H,W] (no colour)."""
    grey = x.mean(1, keepdim=True)
    return grey - F.avg_pool2d(F.pad(grey, (2, 2, 2, 2), mode="reflect"), 5, 1)


class DetailCritics(nn.Module):
    """Two patch Ds: one on the image, one on its high-pass grey, which cannot judge by colour and
    so asks the generator for the lines and textures the first one overlooks: (logits, logits)."""

    def __init__(self, channels: int, width: int):
        super().__init__()
        self.rgb = PatchCritic(channels, width)
        self.detail = PatchCritic(1, width)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.rgb(x), self.detail(high_pass(x))


def patch_nce(net: Translator, src: torch.Tensor, out: torch.Tensor, patches: int,
              gen: torch.Generator, tau: float = 0.07) -> torch.Tensor:
    """PatchNCE: each output patch's features must pick its own source patch among the others."""
    fs: list[torch.Tensor] = []
    fo: list[torch.Tensor] = []
    net.encode(src, fs)
    net.encode(out, fo)
    total = src.new_zeros(())
    for head, a, b in zip(net.heads, fs, fo):
        n, c, h, w = a.shape
        ids = torch.randperm(h * w, generator=gen, device=gen.device)[:patches].to(a.device)
        k = F.normalize(head(a.flatten(2)[:, :, ids].transpose(1, 2)), dim=-1)  # [N,P,D]
        q = F.normalize(head(b.flatten(2)[:, :, ids].transpose(1, 2)), dim=-1)
        logits = q @ k.detach().transpose(1, 2) / tau  # [N,P,P]: positives on the diagonal
        target = torch.arange(logits.shape[1], device=a.device).expand(n, -1)
        total = total + F.cross_entropy(logits.flatten(0, 1).float(), target.flatten())
    return total / len(fs)


def build_translate(spec: dict[str, Any]) -> tuple[Translator, nn.Module]:
    """G and D of a translate spec (D reads a and b side by side when paired; with `detail`, a
    second D reads b's high-pass grey)."""
    cin, cout = int(spec["channels_a"]), int(spec["channels_b"])
    paired = bool(spec["paired"])
    g = Translator(cin, cout, int(spec["width"]), int(spec["blocks"]), residual=not paired)
    critic = DetailCritics if spec.get("detail") else PatchCritic
    d = critic(cin + cout if paired else cout, int(spec["d_width"]))
    return g, d
