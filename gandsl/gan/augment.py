"""DiffAugment (Zhao et al. 2020): differentiable translation, cutout and colour, seeded."""
from __future__ import annotations

import torch
import torch.nn.functional as F

from gandsl.gan.dist import Shard

POLICIES = ("translation", "cutout", "color", "xflip")


def _rows(x: torch.Tensor, shard: Shard | None) -> int:
    """How many rows to draw: the global batch when sharded (each rank keeps its slice)."""
    return shard.total if shard else x.shape[0]


def _keep(t: torch.Tensor, shard: Shard | None) -> torch.Tensor:
    return shard.rows(t) if shard else t


def _rand(x: torch.Tensor, gen: torch.Generator, shard: Shard | None = None) -> torch.Tensor:
    r = torch.rand(_rows(x, shard), 1, 1, 1, generator=gen, device=x.device, dtype=x.dtype)
    return _keep(r, shard)  # [n,1,1,1]


def _randint(lo: int, hi: int, x: torch.Tensor, gen: torch.Generator, shard: Shard | None) -> torch.Tensor:
    r = torch.randint(lo, hi, (_rows(x, shard), 1, 1), generator=gen, device=x.device)
    return _keep(r, shard)  # [n,1,1]


def color(x: torch.Tensor, gen: torch.Generator, shard: Shard | None = None) -> torch.Tensor:
    """Random brightness, saturation and contrast per image."""
    x = x + (_rand(x, gen, shard) - 0.5)
    m = x.mean(dim=1, keepdim=True)
    x = (x - m) * (_rand(x, gen, shard) * 2) + m
    m = x.mean(dim=(1, 2, 3), keepdim=True)
    return (x - m) * (_rand(x, gen, shard) + 0.5) + m


def _grid(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    n, _, h, w = x.shape
    b, gy, gx = torch.meshgrid(torch.arange(n, device=x.device), torch.arange(h, device=x.device),
                               torch.arange(w, device=x.device), indexing="ij")
    return b, gy, gx  # each [N,H,W]


def translation(x: torch.Tensor, gen: torch.Generator, shard: Shard | None = None,
                ratio: float = 0.125) -> torch.Tensor:
    """Shift each image by up to ratio of its size, filling with zeros."""
    _, _, h, w = x.shape
    sy, sx = int(h * ratio + 0.5), int(w * ratio + 0.5)
    ty = _randint(-sy, sy + 1, x, gen, shard)
    tx = _randint(-sx, sx + 1, x, gen, shard)
    b, gy, gx = _grid(x)
    gy = (gy + ty + 1).clamp(0, h + 1)
    gx = (gx + tx + 1).clamp(0, w + 1)
    xp = F.pad(x, [1, 1, 1, 1]).permute(0, 2, 3, 1)  # [N,H+2,W+2,C]
    return xp[b, gy, gx].permute(0, 3, 1, 2)  # [N,C,H,W]


def cutout(x: torch.Tensor, gen: torch.Generator, shard: Shard | None = None,
           ratio: float = 0.5) -> torch.Tensor:
    """Zero a random square of half the image side in each image."""
    _, _, h, w = x.shape
    ch, cw = int(h * ratio + 0.5), int(w * ratio + 0.5)
    oy = _randint(0, h + (1 - ch % 2), x, gen, shard)
    ox = _randint(0, w + (1 - cw % 2), x, gen, shard)
    _, gy, gx = _grid(x)
    y0, x0 = oy - ch // 2, ox - cw // 2  # [N,1,1] top-left corners (may lie outside)
    inside = (gy >= y0) & (gy < y0 + ch) & (gx >= x0) & (gx < x0 + cw)  # [N,H,W]
    return x * (~inside).unsqueeze(1).to(x.dtype)


def xflip(x: torch.Tensor, gen: torch.Generator, shard: Shard | None = None) -> torch.Tensor:
    """Mirror each image left-right with probability 1/2."""
    return torch.where(_rand(x, gen, shard) < 0.5, x.flip(3), x)


def diff_augment(x: torch.Tensor, policies: list[str], gen: torch.Generator,
                 shard: Shard | None = None) -> torch.Tensor:
    """Apply the named policies in order (translation, cutout, color, xflip)."""
    for p in policies:
        x = {"translation": translation, "cutout": cutout, "color": color, "xflip": xflip}[p](x, gen, shard)
    return x
