"""A cheap quality estimate while training: the SWD of a fixed set of samples against a fixed set
of training images, every `eval_every` steps, shown beside the losses and drawn in the loss plot.

It uses its own seeded latents and images (never the training RNG) and the sampling generator in
eval mode, so measuring changes nothing a run computes: a resumed run is still bit-identical.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import torch

PROBE_IMAGES = 64


class QualityProbe:
    """Fixed latents z [n, latent] and real images uint8 [n, C, R, R] to compare samples with."""

    def __init__(self, data: torch.Tensor, latent: int, seed: int, n: int = PROBE_IMAGES) -> None:
        rng = np.random.default_rng(seed + 104_729)
        pick = np.sort(rng.choice(len(data), min(n, len(data)), replace=False))
        self.real = data[torch.from_numpy(pick).to(data.device)].cpu().numpy()
        self.z = torch.randn(len(pick), latent, generator=torch.Generator().manual_seed(seed + 15_485))

    def measure(self, g: torch.nn.Module) -> float:
        """The SWD (x1000, mean over pyramid levels; lower is better) of g's samples."""
        from gandsl.gan.swd import swd

        was_training = g.training
        g.eval()
        with torch.no_grad():
            fake = g(self.z.to(next(g.parameters()).device)).float()
        g.train(was_training)
        fake_u8 = ((fake.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).cpu().numpy()
        return float(swd(self.real, fake_u8)["mean"])


def maybe_measure(st: Any, probe: QualityProbe | None) -> None:
    """At every `eval_every` steps, append (step, swd) to st.quality and show it in progress."""
    every = st.cfg.eval_every
    done = int(st.quality[-1, 0]) if len(st.quality) else 0
    if probe is None or every <= 0 or st.step - done < every:
        return
    value = probe.measure(st.sampler)
    st.quality = torch.cat([st.quality, torch.tensor([[float(st.step), value]])])
    st.shown["swd"] = round(value, 1)
    if st.cfg.patience > 0:
        early_stop(st, value)


def early_stop(st: Any, value: float) -> None:
    """Keep the sampling generator of the best estimate; stop after `patience` estimates without
    a better one (decided from the estimates alone, so a resumed run decides the same)."""
    if not len(st.best) or value < float(st.best[0, 1]):
        st.best = torch.tensor([[float(st.step), value]])
        st.best_weights = {k: v.detach().clone() for k, v in st.sampler.state_dict().items()}
        return
    since = int((st.quality[:, 0] > st.best[0, 0]).sum())
    if since >= st.cfg.patience:
        st.stopped = True


PLATEAU_WAIT = 2  # estimates without a better one before "plateau" halves the learning rates


def plateaus(quality: torch.Tensor, wait: int = PLATEAU_WAIT) -> int:
    """How often the estimates [(step, swd)] went `wait` in a row without a new best (each time
    the count restarts): the halvings of lr_schedule = "plateau", from the history alone."""
    return plateau_count(quality[:, 1].tolist() if len(quality) else [], wait)


def plateau_count(values: list[float], wait: int = PLATEAU_WAIT) -> int:
    """plateaus() of plain estimate values (no torch needed)."""
    best, since, count = float("inf"), 0, 0
    for value in values:
        if value < best:
            best, since = value, 0
            continue
        since += 1
        if since >= wait:
            count, since = count + 1, 0
    return count
