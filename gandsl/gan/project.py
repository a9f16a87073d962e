"""Projection: for each image, the latent whose (EMA) generated image matches it best.

Adam on z from the best of `candidates` random latents, with noise added to z that ramps down
over the first 3/4 of the steps and a prior that keeps |z|^2/L near 1 (so walks between found
latents stay where the generator was trained); the loss is pixel L1 plus a multi-scale
structural (SSIM) loss at full, half and quarter size. No downloaded weights. Seeded: the same
inputs give the same latents on the CPU.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from gandsl.gan.project_config import ProjectConfig


def _gauss(size: int = 5, sigma: float = 1.5) -> torch.Tensor:
    x = torch.arange(size, dtype=torch.float32) - size // 2
    g = torch.exp(-x ** 2 / (2 * sigma ** 2))
    g = g / g.sum()
    return (g[:, None] * g[None, :])[None, None]  # [1,1,k,k]


def ssim(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean SSIM per image of x, y [N,C,H,W] in [-1,1] (5x5 Gaussian window): [N]."""
    c = x.shape[1]
    w = _gauss().to(x).repeat(c, 1, 1, 1)  # [C,1,5,5]
    blur = lambda t: F.conv2d(F.pad(t, [2] * 4, mode="reflect"), w, groups=c)  # noqa: E731
    mx, my = blur(x), blur(y)
    vx, vy, cov = blur(x * x) - mx ** 2, blur(y * y) - my ** 2, blur(x * y) - mx * my
    c1, c2 = (0.01 * 2) ** 2, (0.03 * 2) ** 2  # data range 2
    s = ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx ** 2 + my ** 2 + c1) * (vx + vy + c2))
    return s.flatten(1).mean(1)


def structural_loss(x: torch.Tensor, y: torch.Tensor, scales: int = 3) -> torch.Tensor:
    """Mean of 1 - SSIM over `scales` halvings (stopping at 8 px): [N]."""
    total, n = torch.zeros(x.shape[0], device=x.device), 0
    for _ in range(scales):
        total, n = total + (1 - ssim(x, y)), n + 1
        if x.shape[-1] < 16:
            break
        x, y = F.avg_pool2d(x, 2), F.avg_pool2d(y, 2)
    return total / n


def psnr(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """PSNR in dB per image of x, y [N,C,H,W] in [-1,1] (as 8-bit images): [N]."""
    mse = ((x - y) / 2).pow(2).flatten(1).mean(1).clamp(min=1e-10)
    return -10 * torch.log10(mse)


def _start(g: Any, target: torch.Tensor, cfg: ProjectConfig, latent: int,
           gen: torch.Generator) -> torch.Tensor:
    """Per image, the best of cfg.candidates random latents by pixel L1: [N,L]."""
    zs = torch.randn(cfg.candidates, latent, generator=gen).to(target.device)
    with torch.no_grad():
        imgs = torch.cat([g(zs[i:i + 64]) for i in range(0, len(zs), 64)])  # [K,C,R,R]
        dist = torch.cdist(target.flatten(1), imgs.flatten(1), p=1)  # [N,K]
    return zs[dist.argmin(1)].clone()


def project(g: Any, target: torch.Tensor, cfg: ProjectConfig, latent: int,
            task: Any = None) -> tuple[torch.Tensor, torch.Tensor]:
    """Latents [N,L] and their images [N,C,R,R] for target images [N,C,R,R] in [-1,1]."""
    gen = torch.Generator().manual_seed(cfg.seed)
    g = g.eval().requires_grad_(False)
    z = _start(g, target, cfg, latent, gen).requires_grad_(True)
    opt = torch.optim.Adam([z], lr=cfg.lr, betas=(0.9, 0.999))
    for t in range(cfg.steps):
        frac = t / max(1, cfg.steps)
        ramp = min(1.0, (1 - frac) / 0.25) * min(1.0, frac / 0.05 + 0.05)  # warm up, cool down
        for group in opt.param_groups:
            group["lr"] = cfg.lr * ramp
        noise = cfg.noise * max(0.0, 1 - frac / 0.75) ** 2
        x = g(z + noise * torch.randn(z.shape, generator=gen).to(z.device))
        loss = (x - target).abs().flatten(1).mean(1) + cfg.ssim * structural_loss(x, target)
        loss = loss + cfg.prior * (z.pow(2).mean(1) - 1).pow(2)
        opt.zero_grad(set_to_none=True)
        loss.sum().backward()
        opt.step()
        if task is not None:
            task.advance(1, loss=round(float(loss.detach().mean()), 4))
    with torch.no_grad():
        return z.detach().cpu().clone(), g(z).clamp(-1, 1).cpu()


def to_float(images: np.ndarray, resolution: int, channels: int) -> torch.Tensor:
    """uint8 [N,C,H,W] images as [-1,1] floats at the generator's resolution and channels."""
    x = torch.tensor(np.asarray(images), dtype=torch.float32)
    if x.shape[1] != channels:
        x = x.mean(1, keepdim=True) if channels == 1 else x[:, :1].repeat(1, 3, 1, 1)
    if x.shape[-1] != resolution or x.shape[-2] != resolution:
        x = F.interpolate(x, size=(resolution, resolution), mode="bilinear", antialias=True,
                          align_corners=False)
    return x.div(127.5).sub(1).clamp(-1, 1)


def to_uint8(x: torch.Tensor) -> torch.Tensor:
    """[-1,1] floats [N,C,H,W] to uint8 [N,C,H,W]."""
    return ((x.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8)
