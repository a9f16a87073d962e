"""Adversarial losses from raw logits, the WGAN gradient penalty, the R1 penalty and mode seeking."""
from __future__ import annotations

from typing import Any, Callable

import torch
import torch.nn.functional as F

LOSSES = ("bce", "hinge", "wgan-gp", "lsgan")


def d_loss(kind: str, real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
    """Discriminator loss; real/fake are logits [N]."""
    if kind == "bce":
        return F.softplus(-real).mean() + F.softplus(fake).mean()
    if kind == "hinge":
        return F.relu(1.0 - real).mean() + F.relu(1.0 + fake).mean()
    if kind in ("wgan-gp", "wgan"):
        return fake.mean() - real.mean()
    if kind == "lsgan":
        return 0.5 * ((real - 1.0) ** 2).mean() + 0.5 * (fake ** 2).mean()
    raise ValueError(f"unknown loss {kind!r}")


def g_loss(kind: str, fake: torch.Tensor) -> torch.Tensor:
    """Generator loss (non-saturating for bce); fake are logits [N]."""
    if kind == "bce":
        return F.softplus(-fake).mean()
    if kind in ("hinge", "wgan-gp", "wgan"):
        return -fake.mean()
    if kind == "lsgan":
        return 0.5 * ((fake - 1.0) ** 2).mean()
    raise ValueError(f"unknown loss {kind!r}")


def gradient_penalty(d: Callable[[torch.Tensor], torch.Tensor], real: torch.Tensor,
                     fake: torch.Tensor, gen: torch.Generator, weight: float = 10.0,
                     shard: Any = None) -> torch.Tensor:
    """WGAN-GP: weight * (|grad D(x_hat)| - 1)^2 on random interpolates of real and fake.

    With a `shard` (gan/dist.py) the mixing weights are drawn for the global batch and sliced.
    """
    n = shard.total if shard else real.shape[0]
    a = torch.rand(n, 1, 1, 1, generator=gen, device=real.device, dtype=real.dtype)
    a = shard.rows(a) if shard else a  # [b,1,1,1]
    x = (a * real + (1 - a) * fake.detach()).requires_grad_(True)  # [N,C,H,W]
    (g,) = torch.autograd.grad(d(x).sum(), x, create_graph=True)
    return weight * ((g.flatten(1).norm(dim=1) - 1.0) ** 2).mean()


def r1_penalty(real_logits: torch.Tensor, real: torch.Tensor, gamma: float) -> torch.Tensor:
    """R1: gamma/2 * E|grad D(x)|^2 on real images (`real` must require grad)."""
    (g,) = torch.autograd.grad(real_logits.sum(), real, create_graph=True)
    return 0.5 * gamma * g.pow(2).flatten(1).sum(1).mean()


def same_class_partner(y: torch.Tensor) -> torch.Tensor:
    """For each sample [B] the index of the next sample of its class (itself when it is alone)."""
    order = torch.argsort(y, stable=True)
    ys = y[order]
    counts = torch.bincount(ys)
    starts = torch.cumsum(counts, 0) - counts
    pos = torch.arange(len(y), device=y.device) - starts[ys]  # rank within its class
    partner = torch.empty_like(order)
    partner[order] = order[starts[ys] + (pos + 1) % counts[ys]]
    return partner


def mode_seeking(fake: torch.Tensor, z: torch.Tensor, y: torch.Tensor, weight: float) -> torch.Tensor:
    """Mode seeking (Mao et al. 2019): weight / (|G(z1,c) - G(z2,c)| / |z1 - z2|) over same-class pairs.

    Small when two latents of a class give different images, large when G draws one image per class.
    """
    p = same_class_partner(y)  # [B]
    ok = p != torch.arange(len(p), device=p.device)
    if not bool(ok.any()):
        return fake.new_zeros(())
    x = fake.float()
    dx = (x - x[p]).abs().flatten(1).mean(1)  # [B]
    dz = (z - z[p]).abs().mean(1)  # [B]
    return weight / ((dx[ok] / dz[ok]).mean() + 1e-5)
