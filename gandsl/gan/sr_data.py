"""Super-resolution data: the held-out split, seeded degradations, patches and quality metrics.

Low-res inputs are made from high-res images (Real-ESRGAN's idea, light): a Gaussian blur of
random width, an antialiased bicubic downscale, mild Gaussian noise, then 8-bit quantisation.
Evaluation uses the clean path (downscale and quantise only), which is what frames rendered
by a GAN at low resolution look like. Every random draw comes from the caller's generator.
"""
from __future__ import annotations

import hashlib
import math

import numpy as np
import torch
import torch.nn.functional as F


def split(n: int, holdout: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(train, held-out) image indices, sorted: a seeded `holdout` fraction is held out."""
    held = min(n - 1, max(1 if holdout > 0 else 0, round(n * holdout))) if n > 1 else 0
    order = np.random.default_rng(seed + 104729).permutation(n)
    return np.sort(order[held:]), np.sort(order[:held])


def fingerprint(data: np.ndarray) -> str:
    """A digest of a data node's images (tells eval whether it sees the training data)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(repr(tuple(data.shape)).encode())
    h.update(np.ascontiguousarray(data).tobytes())
    return h.hexdigest()


def quantise(x: torch.Tensor) -> torch.Tensor:
    """[-1,1] float rounded onto the 8-bit grid (as a stored frame would be)."""
    return ((x.clamp(-1, 1) + 1) * 127.5).round() / 127.5 - 1


def downscale(x: torch.Tensor, factor: int) -> torch.Tensor:
    """Antialiased bicubic shrink [N,C,H,W] -> [N,C,H/f,W/f]."""
    return F.interpolate(x, scale_factor=1 / factor, mode="bicubic", antialias=True,
                         align_corners=False)


def clean_lr(hr: torch.Tensor, factor: int) -> torch.Tensor:
    """The deterministic low-res version of hr (eval and previews)."""
    return quantise(downscale(hr, factor))


def _blur(x: torch.Tensor, sigma: torch.Tensor, max_sigma: float) -> torch.Tensor:
    """Per-image Gaussian blur: x [B,C,H,W], sigma [B] (0 leaves an image as it is)."""
    b, c, h, w = x.shape
    r = max(1, math.ceil(2 * max_sigma))
    t = torch.arange(-r, r + 1, dtype=x.dtype, device=x.device)             # [K]
    s = sigma.clamp_min(1e-3)[:, None]
    k = torch.exp(-0.5 * (t[None] / s) ** 2)
    k = (k / k.sum(1, keepdim=True)).repeat_interleave(c, 0)                # [B*C, K]
    y = F.pad(x.reshape(1, b * c, h, w), (r, r, r, r), mode="reflect")
    y = F.conv2d(y, k[:, None, :, None], groups=b * c)                      # vertical
    y = F.conv2d(y, k[:, None, None, :], groups=b * c)                      # horizontal
    return y.reshape(b, c, h, w)


def degrade(hr: torch.Tensor, factor: int, gen: torch.Generator, blur: float,
            noise: float) -> torch.Tensor:
    """Seeded low-res inputs for hr [B,C,H,W] in [-1,1]: blur, shrink, noise, quantise."""
    b = hr.shape[0]
    x = hr
    if blur > 0:
        sigma = torch.rand(b, generator=gen, device=hr.device) * blur
        x = _blur(x, sigma, blur)
    x = downscale(x, factor)
    if noise > 0:
        level = torch.rand(b, 1, 1, 1, generator=gen, device=hr.device) * (2 * noise)
        x = x + torch.randn(x.shape, generator=gen, device=hr.device) * level
    return quantise(x)


def patches(data: torch.Tensor, idx: torch.Tensor, size: int, step: int,
            gen: torch.Generator) -> torch.Tensor:
    """Random size x size crops (offsets on a `step` grid, random mirror) of data[idx], in [-1,1]."""
    n, c, h, w = data.shape
    b = idx.shape[0]
    ys = torch.randint(0, (h - size) // step + 1, (b,), generator=gen, device=data.device) * step
    xs = torch.randint(0, (w - size) // step + 1, (b,), generator=gen, device=data.device) * step
    flip = torch.rand(b, generator=gen, device=data.device) < 0.5
    out = torch.stack([data[i, :, y:y + size, x:x + size]
                       for i, y, x in zip(idx.tolist(), ys.tolist(), xs.tolist())])
    out = torch.where(flip[:, None, None, None], out.flip(3), out)
    return out.float().div_(127.5).sub_(1.0)


def psnr(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Per-image PSNR in dB of uint8-range floats [N,C,H,W]."""
    mse = ((a - b) ** 2).flatten(1).mean(1).clamp_min(1e-10)
    return 10 * torch.log10(255.0 ** 2 / mse)


def ssim(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Per-image SSIM (Wang et al. 2004: 11x11 Gaussian window, sigma 1.5) of 0..255 floats."""
    c = a.shape[1]
    t = torch.arange(11, dtype=a.dtype) - 5
    g = torch.exp(-0.5 * (t / 1.5) ** 2)
    g = g / g.sum()
    win = (g[:, None] * g[None, :]).expand(c, 1, 11, 11).contiguous()
    f = lambda x: F.conv2d(x, win, groups=c)  # noqa: E731  valid window positions only
    mu_a, mu_b = f(a), f(b)
    var_a, var_b, cov = f(a * a) - mu_a ** 2, f(b * b) - mu_b ** 2, f(a * b) - mu_a * mu_b
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    s = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a ** 2 + mu_b ** 2 + c1) * (var_a + var_b + c2))
    return s.flatten(1).mean(1)
