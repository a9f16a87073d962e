"""Training a super-resolution GAN (train op `srgan`), on the `train gan` checkpoint machinery.

Phase one (`warmup` steps): pixel L1 only. Phase two: L1 + a small hinge adversarial term +
discriminator feature matching (+ an optional FFT amplitude L1). Every random draw (images,
patch offsets, mirrors, blur, noise) comes from the state's one torch.Generator, checkpointed
with everything else by TrainState's tensors()/restore(), so resuming or raising `steps` is
bit-identical on the CPU, exactly as for `train gan` (same resume, checkpoint and loss flush).
"""
from __future__ import annotations

from typing import Any

import numpy as np
import torch

from gandsl.gan import checkpoint as ckpt
from gandsl.gan.losses import d_loss, g_loss
from gandsl.gan.sr_data import clean_lr, degrade, fingerprint, patches, split
from gandsl.gan.sr_models import bicubic, build_sr, build_upscaler
from gandsl.gan.sr_config import SRConfig
from gandsl.gan.state import DataBoundState
from gandsl.gan.loop import resume, run_steps

class SRState(DataBoundState):
    """The training state of an upscaler (no augmentation; losses: [step, (d, l1)])."""

    @staticmethod
    def networks(spec: dict[str, Any]) -> tuple[torch.nn.Module, torch.nn.Module]:
        return build_sr(spec)


class SRTrained(ckpt.Trained):
    """A trained upscaler: the value of an srgan node (same folder format as a GAN's)."""

    @property
    def factor(self) -> int:
        return int(self.model["factor"])

    @property
    def data_id(self) -> str:
        return str(self.meta.get("data", ""))

    def held_out(self, n: int) -> np.ndarray:
        """Indices of the training data's images this model never saw (n images in all)."""
        t = self.meta["train"]
        return split(n, float(t["holdout"]), int(t["seed"]))[1]

    def upscaler(self, device: str = "cpu") -> torch.nn.Module:
        """The (EMA) upscaler in eval mode: [N,C,h,w] in [-1,1] -> [N,C,h*f,w*f]."""
        return self.sampling(build_upscaler(self.model), device)


def sr_spec(params: dict[str, Any], channels: int) -> dict[str, Any]:
    """The architecture of an srgan node (channels from its data)."""
    return {"arch": "srvgg", "factor": int(params["factor"]), "channels": int(channels),
            "width": int(params["width"]), "blocks": int(params["blocks"]),
            "d_width": int(params["d_width"])}


def fft_l1(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """L1 distance of the 2-D spectra (focal-frequency-style, unweighted)."""
    return (torch.fft.rfft2(a, norm="ortho") - torch.fft.rfft2(b, norm="ortho")).abs().mean()


def adversarial_terms(st: SRState, hr: torch.Tensor, sr: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """One D update on (hr, sr); returns (D loss, G's adversarial + matching loss)."""
    cfg = st.cfg
    real, real_feats = st.d(hr)
    fake, _ = st.d(sr.detach())
    ld = d_loss("hinge", real, fake)
    st.opt_d.zero_grad(set_to_none=True)
    ld.backward()
    st.opt_d.step()
    st.d.requires_grad_(False)
    logits, feats = st.d(sr)
    st.d.requires_grad_(True)
    match = sum((f - r.detach()).abs().mean() for f, r in zip(feats, real_feats)) / len(feats)
    return ld.detach(), cfg.adversarial * g_loss("hinge", logits) + cfg.matching * match


def sr_step(st: SRState, data: torch.Tensor, pool: torch.Tensor) -> torch.Tensor:
    """One upscaler update (and one D update after warmup); returns [d_loss, l1]."""
    cfg, gen = st.cfg, st.gen
    idx = pool[torch.randint(0, len(pool), (cfg.batch,), generator=gen, device=pool.device)]
    hr = patches(data, idx, min(cfg.patch, data.shape[2]) // cfg.factor * cfg.factor, cfg.factor, gen)
    lr = degrade(hr, cfg.factor, gen, cfg.blur * cfg.factor / 4, cfg.noise)
    sr = st.g(lr)  # [B,C,P,P]
    l1 = (sr - hr).abs().mean()
    loss, ld = l1, torch.zeros((), device=hr.device)
    if cfg.fft > 0:
        loss = loss + cfg.fft * fft_l1(sr, hr)
    if st.step >= cfg.warmup:
        ld, adv = adversarial_terms(st, hr, sr)
        loss = loss + adv
    st.opt_g.zero_grad(set_to_none=True)
    loss.backward()
    st.opt_g.step()
    if st.ema:
        st.ema.update(st.step)
    st.step += 1
    return torch.stack([ld, l1.detach()])


@torch.no_grad()
def sr_preview(st: SRState, ctx: Any, hr: torch.Tensor) -> None:
    """Rows of bicubic | learned | original for a few fixed images, as <node>_preview.png."""
    from gandsl.gan.preview import grid, to_uint8, write_png

    lr = clean_lr(hr, st.cfg.factor)
    g = st.sampler
    rows = torch.stack([bicubic(lr, st.cfg.factor), g(lr), hr], 1).flatten(0, 1)
    tile = grid(to_uint8(rows), cols=6)
    write_png(tile, ctx.out_dir / f"{ctx.node}_preview.png", scale=max(1, 384 // tile.shape[1]))


def fit_sr(ctx: Any, params: dict[str, Any], data: np.ndarray) -> SRTrained:
    """Train (or resume/continue) an upscaler on data [N,C,H,W] uint8 to `steps`."""
    cfg = SRConfig.from_params(params)
    device = torch.device(ctx.device)
    x = torch.tensor(np.asarray(data), dtype=torch.uint8, device=device)  # [N,C,H,W]
    st = SRState(sr_spec(params, x.shape[1]), cfg, device)
    st.data_id = fingerprint(np.asarray(data))
    pool = torch.as_tensor(split(len(x), cfg.holdout, cfg.seed)[0], device=device)
    resume(st, ctx)
    shown = x[pool[:6]].float().div(127.5).sub(1.0)
    shown = shown[..., : x.shape[2] // cfg.factor * cfg.factor, : x.shape[3] // cfg.factor * cfg.factor]
    run_steps(st, ctx, lambda: sr_step(st, x, pool), lambda: sr_preview(st, ctx, shown))
    return SRTrained({k: v.detach().cpu().clone() for k, v in st.tensors().items()}, st.meta())
