"""Training an image-to-image translator (train op `translate`), on the shared GAN step loop.

Unpaired (CUT, Park et al. 2020): G(a) must fool a patch D that knows b, while PatchNCE on G's
own encoder features keeps each patch of G(a) tied to its patch of a; b through G must stay b
(identity, also by PatchNCE). Paired (pix2pix): L1 to b[i] plus a patch D that sees (a, b)
together. Every random draw comes from the state's one torch.Generator, checkpointed by
TrainState, so resuming or raising `steps` is bit-identical on the CPU, as for `train gan`.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import torch

from gandsl.errors import NodeFailed
from gandsl.gan import checkpoint as ckpt
from gandsl.gan.loop import resume, run_steps
from gandsl.gan.losses import d_loss, g_loss
from gandsl.gan.sr_data import fingerprint, patches
from gandsl.gan.state import DataBoundState
from gandsl.gan.train import autocast_for
from gandsl.gan.translate_config import TranslateConfig
from gandsl.gan.translate_models import STRIDE, build_translate


class TranslateState(DataBoundState):
    """The training state of a translator (losses: [step, (d, g)])."""

    @staticmethod
    def networks(spec: dict[str, Any]) -> tuple[torch.nn.Module, torch.nn.Module]:
        return build_translate(spec)


class TranslateTrained(ckpt.Trained):
    """A trained translator: the value of a translate node (same folder format as a GAN's)."""

    @property
    def channels_a(self) -> int:
        return int(self.model["channels_a"])

    @property
    def channels_b(self) -> int:
        return int(self.model["channels_b"])

    def translator(self, device: str = "cpu") -> torch.nn.Module:
        """The (EMA) generator in eval mode: [N,Ca,H,W] in [-1,1] -> [N,Cb,H,W]."""
        return self.sampling(build_translate(self.model)[0], device)


def translate_spec(params: dict[str, Any], a: np.ndarray, b: np.ndarray) -> dict[str, Any]:
    """The architecture of a translate node (channels from its data)."""
    return {"arch": "translate", "channels_a": int(a.shape[1]), "channels_b": int(b.shape[1]),
            "paired": bool(params["paired"]), "width": int(params["width"]),
            "blocks": int(params["blocks"]), "d_width": int(params["d_width"]),
            **({"detail": True} if params["detail"] > 0 and not params["paired"] else {})}


def crop_side(cfg: Any, *images: torch.Tensor) -> int:
    """The training crop: `crop`, at most the images' smaller side, a multiple of STRIDE."""
    side = min([cfg.crop] + [min(x.shape[2:]) for x in images])
    return side // STRIDE * STRIDE


def draw(st: TranslateState, a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """A batch of crops of a and b in [-1,1]. Paired, `a` holds a and b side by side in its
    channels ([N,Ca+Cb,H,W], joined once) and `b` is b alone: the same images, places, mirrors."""
    cfg, gen, dev = st.cfg, st.gen, st.device
    side = crop_side(cfg, a, b)
    ia = torch.randint(0, len(a), (cfg.batch,), generator=gen, device=dev)
    if cfg.paired:
        both = patches(a, ia, side, 1, gen)  # [B,Ca+Cb,s,s]
        return both[:, :both.shape[1] - b.shape[1]], both[:, both.shape[1] - b.shape[1]:]
    ib = torch.randint(0, len(b), (cfg.batch,), generator=gen, device=dev)
    return patches(a, ia, side, 1, gen), patches(b, ib, side, 1, gen)


def judged(st: TranslateState, *images: torch.Tensor) -> list[tuple[float, ...]]:
    """(weight, logits of each image) per discriminator: the patch D, and with `detail` the
    high-pass one at weight `detail`."""
    outs = [st.d(x) for x in images]
    if not st.spec.get("detail"):
        return [(1.0, *(o.float() for o in outs))]
    return [(1.0, *(o[0].float() for o in outs)), (st.cfg.detail, *(o[1].float() for o in outs))]


def d_update(st: TranslateState, xa: torch.Tensor, xb: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
    """One patch-D update on real b vs G(a) (paired: each beside its a); the detached loss."""
    real, false = (torch.cat([xa, xb], 1), torch.cat([xa, fake.detach()], 1)) if st.cfg.paired \
        else (xb, fake.detach())
    with autocast_for(st):
        loss = sum(w * d_loss("lsgan", r, f) for w, r, f in judged(st, real, false))
    st.opt_d.zero_grad(set_to_none=True)
    loss.backward()
    st.opt_d.step()
    return loss.detach()


def g_terms(st: TranslateState, xa: torch.Tensor, xb: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
    """G's loss: adversarial + (paired) L1 to b, or (unpaired) PatchNCE on a and identity on b."""
    from gandsl.gan.translate_models import patch_nce

    cfg = st.cfg
    seen = torch.cat([xa, fake], 1) if cfg.paired else fake
    loss = sum(w * g_loss("lsgan", f) for w, f in judged(st, seen))
    if cfg.paired:
        return loss + cfg.l1 * (fake.float() - xb).abs().mean()
    if cfg.nce > 0:
        loss = loss + cfg.nce * patch_nce(st.g, xa, fake, cfg.patches, st.gen)
    if cfg.identity > 0 and cfg.nce > 0:
        loss = loss + cfg.nce * cfg.identity * patch_nce(st.g, xb, st.g(xb), cfg.patches, st.gen)
    return loss


def translate_step(st: TranslateState, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """`d_steps` D updates (each on its own batch) and one G update; returns [d_loss, g_loss]."""
    for _ in range(st.cfg.d_steps - 1):
        xa, xb = draw(st, a, b)
        with torch.no_grad(), autocast_for(st):
            fake = st.g(xa)  # [B,Cb,s,s]
        d_update(st, xa, xb, fake)
    xa, xb = draw(st, a, b)
    with autocast_for(st):
        fake = st.g(xa)  # [B,Cb,s,s]
    ld = d_update(st, xa, xb, fake)
    st.d.requires_grad_(False)
    with autocast_for(st):
        lg = g_terms(st, xa, xb, fake)
    st.opt_g.zero_grad(set_to_none=True)
    lg.backward()
    st.opt_g.step()
    st.d.requires_grad_(True)
    if st.ema:
        st.ema.update(st.step)
    st.step += 1
    return torch.stack([ld, lg.detach()])


@torch.no_grad()
def translate_preview(st: TranslateState, ctx: Any, shown: torch.Tensor) -> None:
    """Rows of a | G(a) for a fixed batch of a, as <node>_preview.png."""
    from gandsl.gan.preview import grid, to_uint8, write_png

    out = st.sampler(shown).clamp(-1, 1)
    if shown.shape[1] != out.shape[1]:
        shown = shown.expand(-1, out.shape[1], -1, -1)
    tile = grid(to_uint8(torch.stack([shown, out], 1).flatten(0, 1)), cols=2 * min(3, len(shown)))
    write_png(tile, ctx.out_dir / f"{ctx.node}_preview.png", scale=max(1, 384 // tile.shape[1]))


def as_tensor(images: np.ndarray, device: torch.device) -> torch.Tensor:
    return torch.tensor(np.asarray(images), dtype=torch.uint8, device=device)  # [N,C,H,W]


def fit_translate(ctx: Any, params: dict[str, Any], a: np.ndarray, b: np.ndarray) -> TranslateTrained:
    """Train (or resume/continue) a translator from a to b to `steps`."""
    cfg = TranslateConfig.from_params(params)
    if cfg.paired and (len(a) != len(b) or a.shape[2:] != b.shape[2:]):
        raise NodeFailed(f"train {ctx.node}: paired training needs as many images in a as in b, of one "
                         f"size (a: {len(a)} of {a.shape[3]}x{a.shape[2]}, b: {len(b)} of "
                         f"{b.shape[3]}x{b.shape[2]})", code="E320")
    device = torch.device(ctx.device)
    xa, xb = as_tensor(a, device), as_tensor(b, device)
    if crop_side(cfg, xa, xb) < 16:
        raise NodeFailed(f"train {ctx.node}: the images are too small to train on (under 16 px)",
                         code="E320")
    st = TranslateState(translate_spec(params, a, b), cfg, device)
    st.precision = ctx.numerics.precision
    st.data_id = fingerprint(np.asarray(a))[:16] + fingerprint(np.asarray(b))[:16]
    resume(st, ctx)
    side = crop_side(cfg, xa)
    shown = xa[:3, :, :side, :side].float().div(127.5).sub(1.0)
    source = torch.cat([xa, xb], 1) if cfg.paired else xa  # paired: crops of a and b together
    run_steps(st, ctx, lambda: translate_step(st, source, xb), lambda: translate_preview(st, ctx, shown))
    return TranslateTrained({k: v.detach().cpu().clone() for k, v in st.tensors().items()}, st.meta())
