"""Generators and discriminators: DCGAN (transposed convs + BN) and ResNet (SN discriminator)."""
from __future__ import annotations

import math
from typing import Any, Callable

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.parametrizations import spectral_norm

from gandsl.gan.blocks import MinibatchStd, dcgan_init, up  # noqa: F401 (dcgan_init re-exported)
from gandsl.spec import MODEL_RESOLUTIONS, resolutions_text

ARCHS = ("dcgan", "resnet", "fastgan", "pattern")
Norm = Callable[[int], nn.Module]  # channels -> a batch norm (conditional ones read their class)


def check_spec(spec: dict[str, Any]) -> None:
    """Raise ValueError unless the spec has a supported arch, resolution and channel count."""
    if spec["arch"] not in ARCHS:
        raise ValueError(f"unknown architecture {spec['arch']!r}")
    r = spec["resolution"]
    if r not in MODEL_RESOLUTIONS:
        raise ValueError(f"resolution {r} is not supported ({resolutions_text()})")
    if spec["channels"] not in (1, 3):
        raise ValueError(f"{spec['channels']} channels are not supported (1 or 3)")
    if spec["arch"] == "pattern":
        from gandsl.gan.pattern import check_pattern

        check_pattern(spec)


def _mult(i: int) -> int:
    return min(2 ** i, 8)


class DCGANGenerator(nn.Module):
    def __init__(self, latent: int, width: int, resolution: int, channels: int,
                 norm: Norm = nn.BatchNorm2d, upsample: str = "transposed"):
        super().__init__()
        n = int(math.log2(resolution)) - 2  # number of 2x upsamplings after 4x4
        ch = [width * _mult(n - 1 - i) for i in range(n)]  # channels at 4x4, 8x8, ...
        layers: list[nn.Module] = [nn.ConvTranspose2d(latent, ch[0], 4, 1, 0, bias=False),
                                   norm(ch[0]), nn.ReLU(True)]
        for a, b in zip(ch[:-1], ch[1:]):
            layers += [up(a, b, upsample), norm(b), nn.ReLU(True)]
        layers += [up(ch[-1], channels, upsample), nn.Tanh()]
        self.net = nn.Sequential(*layers)
        self.latent = latent

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z.view(z.shape[0], self.latent, 1, 1))  # [N,L] -> [N,C,R,R]


class DCGANDiscriminator(nn.Module):
    def __init__(self, width: int, resolution: int, channels: int, mbstd: bool = False):
        super().__init__()
        n = int(math.log2(resolution)) - 2  # stride-2 convs down to 4x4
        ch = [width * _mult(i) for i in range(n)]
        layers: list[nn.Module] = [nn.Conv2d(channels, ch[0], 4, 2, 1, bias=False), nn.LeakyReLU(0.2, True)]
        for a, b in zip(ch[:-1], ch[1:]):
            layers += [nn.Conv2d(a, b, 4, 2, 1, bias=False), nn.BatchNorm2d(b), nn.LeakyReLU(0.2, True)]
        layers += [MinibatchStd()] if mbstd else []  # [N,c,4,4] -> [N,c+1,4,4]
        layers += [nn.Conv2d(ch[-1] + int(mbstd), 1, 4, 1, 0, bias=False)]
        self.net = nn.Sequential(*layers)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """[N,C,R,R] -> [N,c,4,4], what the last layer (and a class projection) reads."""
        return self.net[:-1](x)

    def head(self, h: torch.Tensor) -> torch.Tensor:
        return self.net[-1](h).view(-1)  # [N,c,4,4] -> [N] logits

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


class GBlock(nn.Module):
    """BN-ReLU-up-conv-BN-ReLU-conv with an upsampled 1x1 shortcut."""

    def __init__(self, a: int, b: int, norm: Norm = nn.BatchNorm2d):
        super().__init__()
        self.bn1, self.bn2 = norm(a), norm(b)
        self.c1, self.c2 = nn.Conv2d(a, b, 3, 1, 1), nn.Conv2d(b, b, 3, 1, 1)
        self.sc = nn.Conv2d(a, b, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = F.interpolate(F.relu(self.bn1(x)), scale_factor=2.0)  # [N,a,2H,2W]
        h = self.c2(F.relu(self.bn2(self.c1(h))))  # [N,b,2H,2W]
        return h + self.sc(F.interpolate(x, scale_factor=2.0))


class DBlock(nn.Module):
    """Spectral-norm residual block: (ReLU)-conv-ReLU-conv-avgpool plus a 1x1 shortcut."""

    def __init__(self, a: int, b: int, first: bool):
        super().__init__()
        self.c1, self.c2 = spectral_norm(nn.Conv2d(a, b, 3, 1, 1)), spectral_norm(nn.Conv2d(b, b, 3, 1, 1))
        self.sc = spectral_norm(nn.Conv2d(a, b, 1))
        self.first = first

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = x if self.first else F.relu(x)
        h = F.avg_pool2d(self.c2(F.relu(self.c1(h))), 2)  # [N,b,H/2,W/2]
        s = self.sc(F.avg_pool2d(x, 2)) if self.first else F.avg_pool2d(self.sc(x), 2)
        return h + s


class ResNetGenerator(nn.Module):
    def __init__(self, latent: int, width: int, resolution: int, channels: int,
                 norm: Norm = nn.BatchNorm2d):
        super().__init__()
        n = int(math.log2(resolution)) - 2
        ch = [width * _mult(n - i) for i in range(n + 1)]  # 4x4 ... RxR
        self.fc = nn.Linear(latent, ch[0] * 16)
        self.blocks = nn.Sequential(*[GBlock(a, b, norm) for a, b in zip(ch[:-1], ch[1:])])
        self.out = nn.Sequential(norm(ch[-1]), nn.ReLU(True),
                                 nn.Conv2d(ch[-1], channels, 3, 1, 1), nn.Tanh())
        self.ch0 = ch[0]

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        h = self.fc(z).view(z.shape[0], self.ch0, 4, 4)  # [N,c0,4,4]
        return self.out(self.blocks(h))  # [N,C,R,R]


class ResNetDiscriminator(nn.Module):
    def __init__(self, width: int, resolution: int, channels: int, mbstd: bool = False):
        super().__init__()
        n = int(math.log2(resolution)) - 2
        ch = [channels] + [width * _mult(i) for i in range(n)]
        self.blocks = nn.Sequential(*[DBlock(a, b, i == 0) for i, (a, b) in enumerate(zip(ch[:-1], ch[1:]))])
        self.std = MinibatchStd() if mbstd else nn.Identity()  # [N,c,4,4] -> [N,c(+1),4,4]
        self.fc = spectral_norm(nn.Linear(ch[-1] + int(mbstd), 1))

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """[N,C,R,R] -> [N,c(+1 with mbstd),r,r], what the last layer (and a class projection) reads."""
        return self.std(F.relu(self.blocks(x)))

    def head(self, h: torch.Tensor) -> torch.Tensor:
        return self.fc(h.sum(dim=(2, 3))).view(-1)  # [N,c,r,r] -> [N]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


def build(spec: dict[str, Any]) -> tuple[nn.Module, nn.Module]:
    """The (generator, discriminator) pair of a resolved model spec, DCGAN-initialised."""
    check_spec(spec)
    if spec["arch"] == "fastgan":
        from gandsl.gan.fastgan import build_fastgan

        if spec.get("classes"):
            raise ValueError("a fastgan model cannot be class-conditional")
        return build_fastgan(spec)
    if spec.get("classes"):
        from gandsl.gan.conditional import build_conditional

        bases = {"dcgan": (DCGANGenerator, DCGANDiscriminator),
                 "resnet": (ResNetGenerator, ResNetDiscriminator)}
        return build_conditional(spec, *bases[spec["arch"]], dcgan_init)
    if spec["arch"] == "pattern":
        from gandsl.gan.pattern import build_pattern

        return build_pattern(spec, dcgan_init)
    lat, w, r, c = spec["latent"], spec["width"], spec["resolution"], spec["channels"]
    mbstd = bool(spec.get("mbstd", False))  # specs stored before these options: the old layers
    if spec["arch"] == "dcgan":
        g = DCGANGenerator(lat, w, r, c, upsample=spec.get("upsample", "transposed"))
        d = DCGANDiscriminator(w, r, c, mbstd)
    else:
        g, d = ResNetGenerator(lat, w, r, c), ResNetDiscriminator(w, r, c, mbstd)
    g.apply(dcgan_init)
    d.apply(dcgan_init)
    return g, d


def build_generator(spec: dict[str, Any]) -> nn.Module:
    """Only the generator of a spec (weights to be loaded)."""
    return build(spec)[0]


def param_counts(spec: dict[str, Any]) -> tuple[int, int]:
    """Trainable parameter counts of (G, D)."""
    g, d = build(spec)
    return sum(p.numel() for p in g.parameters()), sum(p.numel() for p in d.parameters())


def describe(arch: str, latent: int, width: int) -> str:
    """Parameter counts at typical sizes, for `gandsl ops dcgan|resnet`."""
    lines = [f"parameters (latent {latent}, width {width}):"]
    for r, c in ((32, 1), (64, 3)):
        g, d = param_counts({"arch": arch, "latent": latent, "width": width, "resolution": r, "channels": c})
        lines.append(f"  {r}x{r}x{c}: G {g:,}  D {d:,}")
    return "\n".join(lines)
