"""Adaptive augmentation (Karras et al. 2020, StyleGAN2-ADA) on top of the DiffAugment ops.

Each op of the pipeline is applied to each image with probability p, to reals and fakes alike,
through differentiable ops only. p follows the overfitting heuristic r_t = E[sign(D(real))]:
every INTERVAL steps it moves up when r_t > TARGET, down otherwise, by batch * INTERVAL / SPEED
(0 to 1 within SPEED images). Everything stays on the device (no host sync) and every step draws
the same random numbers whatever p is, so training stays deterministic and resumable; p, the
r_t accumulator and p's history are part of the checkpoint.
"""
from __future__ import annotations

from typing import Callable, Sequence

import torch

from gandsl.gan.augment import _keep, _rows, color, cutout, diff_augment, translation

TARGET = 0.6
INTERVAL = 4
SPEED = 10_000  # images for p to go from 0 to 1 (StyleGAN2-ADA: 500k; our runs are short)
PIPELINE = ("xflip", "translation", "color", "cutout")
AUTO_MAX_IMAGES = 2000  # `augment = "auto"` is ADA below this many images, none above
P_MAX = 1.0  # the highest p may climb (0.8, as the ADA paper's leak threshold, measured no better)


def xflip(x: torch.Tensor, gen: torch.Generator, shard: object = None) -> torch.Tensor:
    """Mirror every image left-right (the mask in `apply` picks which ones keep it)."""
    return x.flip(3)


OPS = {"xflip": xflip, "translation": translation, "color": color, "cutout": cutout}


def resolve(policies: Sequence[str], n_images: int) -> tuple[str, ...]:
    """The effective augment list: "auto" becomes ["ada"] for small datasets, [] otherwise."""
    if "auto" in policies:
        return ("ada",) if n_images < AUTO_MAX_IMAGES else ()
    return tuple(policies)


class Ada:
    """The adaptive probability p and its r_t accumulator, as device tensors."""

    def __init__(self, policies: Sequence[str], batch: int, device: torch.device) -> None:
        named = [p for p in policies if p != "ada"]
        self.ops = tuple(named) or PIPELINE
        self.step_size = batch * INTERVAL / SPEED
        self.p = torch.zeros((), device=device)
        self.acc = torch.zeros(2, device=device)  # (sum of sign(D(real)), count)
        self.history = torch.zeros(0)  # p after each generator step, on the CPU

    def apply(self, x: torch.Tensor, gen: torch.Generator, shard: object = None) -> torch.Tensor:
        """Each op on each image with probability p; [N,C,H,W] -> [N,C,H,W] (sharded: this rank's rows)."""
        for name in self.ops:
            draw = torch.rand(_rows(x, shard), 1, 1, 1, generator=gen, device=x.device)
            hit = _keep(draw, shard) < self.p
            x = torch.where(hit, OPS[name](x, gen, shard), x)
        return x

    @torch.no_grad()
    def observe(self, real_logits: torch.Tensor) -> None:
        """Accumulate sign(D(real)) of one discriminator step."""
        s = torch.sign(real_logits.detach().float())
        self.acc += torch.stack([s.sum(), torch.tensor(float(s.numel()), device=s.device)])

    @torch.no_grad()
    def adjust(self, step: int, reduce: Callable[[torch.Tensor], torch.Tensor] | None = None) -> None:
        """After generator step `step` (1-based): every INTERVAL steps move p toward r_t = TARGET.

        `reduce` averages the accumulator over data-parallel ranks so that every rank keeps one p.
        """
        if step % INTERVAL:
            return
        acc = reduce(self.acc) if reduce else self.acc
        rt = acc[0] / acc[1].clamp(min=1.0)
        self.p.add_(torch.sign(rt - TARGET) * self.step_size).clamp_(0.0, P_MAX)
        self.acc.zero_()

    def tensors(self) -> dict[str, torch.Tensor]:
        return {"ada.p": self.p, "ada.acc": self.acc, "ada.history": self.history}

    def restore(self, t: dict[str, torch.Tensor]) -> None:
        self.p.copy_(t["ada.p"])
        self.acc.copy_(t["ada.acc"])
        self.history = t["ada.history"].clone()


def augment(x: torch.Tensor, policies: Sequence[str], ada: Ada | None,
            gen: torch.Generator, shard: object = None) -> torch.Tensor:
    """The training-time augmentation of a batch: adaptive, fixed DiffAugment, or none."""
    if ada is not None:
        return ada.apply(x, gen, shard)
    return diff_augment(x, list(policies), gen, shard) if policies else x
