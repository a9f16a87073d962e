"""The training loop: data on the device, seeded steps, EMA, previews, checkpoints, resume.

Determinism: every random draw (batch indices, z, augmentation, GP mixing) comes from one
torch.Generator whose state is checkpointed, and nothing else (previews, checkpoints, loss
read-back) consumes it, so a resumed or extended run is bit-identical on the CPU to an
uninterrupted one. Divergence (non-finite losses or weights, or a discriminator whose loss
stays ~0) stops the run with NodeFailed; the last good checkpoint stays in the work folder.

Speed (bench/train.py, 2-core CPU shared with other jobs, so measured in images per CPU-second):
the data sits on the device as uint8 and batches are gathered by index; losses are read back
every `sync_every` steps; D's weights are frozen during the G step; channels_last gave +35%;
bf16 autocast on an AMX CPU +50% (fp32 elsewhere; gandsl/numerics.py decides, and keys it); fused Adam and torch.compile did not help
(compile: 160 s to build, then 549 vs 570 img/CPU-s). Ratio to pytorch/examples: 1.2 in fp32, 2.1 with AMX.
"""
from __future__ import annotations

import contextlib
import dataclasses
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from gandsl.errors import NodeFailed
from gandsl.spec import resolutions_text
from gandsl.gan import checkpoint as ckpt, health
from gandsl.gan.ada import augment, resolve as resolve_augment
from gandsl.gan.conditional import ClassSampler, with_classes
from gandsl.gan.dist import Shard, average_gradients, is_main, mean_over_ranks
from gandsl.gan.loop import DIVERGED_HELP, resume, run_steps
from gandsl.gan.losses import d_loss, g_loss, gradient_penalty, mode_seeking, r1_penalty
from gandsl.gan.pattern_grid import latent_size
from gandsl.gan.preview import sample_sheet
from gandsl.gan.quality import QualityProbe, maybe_measure, plateaus
from gandsl.gan.state import TrainConfig, TrainState
from gandsl.context import RunContext

COLLAPSE_WINDOW = health.WINDOW_MAX


def resolve_spec(spec: dict[str, Any], shape: tuple[int, ...]) -> dict[str, Any]:
    """Fill resolution/channels (0) from data [N, C, H, W]; check the result."""
    from gandsl.gan.models import check_spec

    n, c, h, w = shape
    out = dict(spec)
    out["resolution"] = spec.get("resolution") or h
    out["channels"] = spec.get("channels") or c
    try:
        check_spec(out)
    except ValueError as e:
        raise NodeFailed(f"model does not fit the data ({c}x{h}x{w}): {e}", code="E302",
                         help=f"give the model a `resolution` of {resolutions_text()}, or resize the data") from e
    return out


def prepare(data: np.ndarray, spec: dict[str, Any], device: torch.device) -> torch.Tensor:
    """The dataset as uint8 [N, C, R, R] on the device, resized and re-channelled if needed."""
    x = torch.tensor(np.asarray(data), dtype=torch.uint8)  # a copy: data may be a read-only memmap
    r, c = spec["resolution"], spec["channels"]
    if x.shape[1] != c:
        xf = x.float()
        xf = xf.mean(1, keepdim=True) if c == 1 else xf[:, :1].repeat(1, 3, 1, 1)
        x = xf.round().clamp(0, 255).to(torch.uint8)
    if x.shape[2:] != (r, r):
        xf = F.interpolate(x.float(), size=(r, r), mode="bilinear", antialias=True, align_corners=False)
        x = xf.round().clamp(0, 255).to(torch.uint8)
    return x.to(device).contiguous(memory_format=torch.channels_last)


def autocast_for(st: TrainState) -> Any:
    """bf16 autocast when the keyed precision says so (CUDA, AMX CPUs, GANDSL_PRECISION), else fp32."""
    if st.precision == "bf16" and st.device.type in ("cuda", "cpu", "mps"):
        return torch.autocast(st.device.type, dtype=torch.bfloat16)
    return contextlib.nullcontext()


def draw(st: TrainState, data: torch.Tensor) -> tuple[torch.Tensor, tuple[torch.Tensor, ...]]:
    """Seeded batch indices [B], and `(classes [B],)` balanced per batch when conditional, else ()."""
    cfg, gen, dev = st.cfg, st.gen, st.device
    if st.labels is not None:
        idx, y = st.labels.draw(cfg.batch, gen)
        return idx, (y,)
    return torch.randint(0, data.shape[0], (cfg.batch,), generator=gen, device=dev), ()


def d_step(st: TrainState, data: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, tuple, torch.Tensor]:
    """One discriminator update; returns (detached loss, the fakes with their G graph, classes, z)."""
    cfg, gen, dev = st.cfg, st.gen, st.device
    idx, y = draw(st, data)  # drawn for the global batch; a rank keeps its rows
    idx, y = _local(st, idx), tuple(_local(st, t) for t in y)
    real = data[idx].float().div_(127.5).sub_(1.0)  # [b,C,R,R] in [-1,1], b = this rank's rows
    z = _local(st, torch.randn(cfg.batch, latent_size(st.spec), generator=gen, device=dev))
    with autocast_for(st):
        fake = st.g(z, *y)  # [B,C,R,R]
        real_in = augment(real, cfg.augment, st.ada, gen, st.shard)
        fake_in = augment(fake.detach(), cfg.augment, st.ada, gen, st.shard)
        if cfg.r1 > 0:
            real_in = real_in.detach().requires_grad_(True)
        lr_ = st.d(real_in, *y)
        recon = st.d.recon_loss(real_in, gen) if hasattr(st.d, "recon_loss") else None  # fastgan
        lf = st.d(fake_in, *y)
        if st.ada:
            st.ada.observe(lr_)
        loss = d_loss(cfg.loss, lr_.float(), lf.float())
        if recon is not None:
            loss = loss + recon.float()
        if cfg.loss == "wgan-gp":
            loss = loss + gradient_penalty(lambda x: st.d(x, *y), real, fake.detach(), gen, shard=st.shard)
        if cfg.r1 > 0:
            loss = loss + r1_penalty(lr_.float(), real_in, cfg.r1)
    st.opt_d.zero_grad(set_to_none=True)
    loss.backward()
    if st.shard:
        average_gradients(st.d, st.shard.world)
    if cfg.clip_grad > 0:  # every rank holds the same averaged gradients: the same clip
        st.grad_norm_d = torch.nn.utils.clip_grad_norm_(st.d.parameters(), cfg.clip_grad, foreach=True)
    st.opt_d.step()
    if cfg.clip_weights > 0:  # the original WGAN's Lipschitz constraint
        with torch.no_grad():
            for p in st.d.parameters():
                p.clamp_(-cfg.clip_weights, cfg.clip_weights)
    return loss.detach(), fake, y, z


def g_step(st: TrainState, fake: torch.Tensor, y: tuple = (), z: torch.Tensor | None = None) -> torch.Tensor:
    """One generator update through a frozen D (fakes of classes `y` from latents `z`); the detached loss."""
    cfg = st.cfg
    st.d.requires_grad_(False)
    with autocast_for(st):
        fake_in = augment(fake, cfg.augment, st.ada, st.gen, st.shard)
        loss = g_loss(cfg.loss, st.d(fake_in, *y).float())
        if y and cfg.diversity > 0 and z is not None:  # conditional: keep z's say within a class
            loss = loss + mode_seeking(fake, z, y[0], cfg.diversity)
    st.opt_g.zero_grad(set_to_none=True)
    loss.backward()
    if st.shard:
        average_gradients(st.g, st.shard.world)
    if cfg.clip_grad > 0:
        st.grad_norm_g = torch.nn.utils.clip_grad_norm_(st.g.parameters(), cfg.clip_grad, foreach=True)
    st.opt_g.step()
    st.d.requires_grad_(True)
    if st.ema:
        st.ema.update(st.step)
    return loss.detach()


def _local(st: TrainState, drawn: torch.Tensor) -> torch.Tensor:
    """This rank's rows of a draw made for the global batch (all of it in one process)."""
    return st.shard.rows(drawn) if st.shard else drawn


def halvings(st: TrainState) -> int:
    """The plateau schedule's halvings so far, counted again only when a new estimate came in."""
    if st.cfg.lr_schedule != "plateau":
        return 0
    seen, count = getattr(st, "_halvings", (-1, 0))
    if seen != len(st.quality):
        count = plateaus(st.quality)
        st._halvings = (len(st.quality), count)
    return count


def set_learning_rates(st: TrainState) -> None:
    """The rates of this step: the configured ones times warmup and schedule (from the step
    alone, so a resumed run uses exactly the rates an uninterrupted one does)."""
    factor = st.cfg.lr_factor(st.step, halvings(st))
    for opt, base in ((st.opt_g, st.cfg.lr), (st.opt_d, st.cfg.lr_d)):
        for group in opt.param_groups:
            group["lr"] = base * factor


def train_step(st: TrainState, data: torch.Tensor) -> torch.Tensor:
    """n_critic D updates then one G update (on the last fakes); returns [d_loss, g_loss(, ada p)]."""
    if st.cfg.lr_schedule != "constant" or st.cfg.warmup:
        set_learning_rates(st)
    for _ in range(st.cfg.n_critic):
        ld, fake, y, z = d_step(st, data)
    lg = g_step(st, fake, y, z)
    st.step += 1
    if st.ada:
        st.ada.adjust(st.step, mean_over_ranks if st.shard else None)
        return torch.stack([ld, lg, st.ada.p.clone()])
    return torch.stack([ld, lg])


def warn_d_wins(st: TrainState, ctx: Any) -> None:
    """Warn once per run when D wins early (see health.d_wins)."""
    if not getattr(st, "warned", False):
        message = health.d_wins(st.losses, st.cfg.loss, st.cfg.steps, st.cfg.augment)
        if message:
            st.warned = True
            ctx.warn(message)


def fixed_latents(st: TrainState, n: int = 64) -> torch.Tensor:
    """Preview latents from their own seeded generator (the training RNG is not touched)."""
    g = torch.Generator().manual_seed(st.cfg.seed + 7919)
    return torch.randn(n, latent_size(st.spec), generator=g).to(st.device)


def show_rates_and_norms(st: TrainState) -> None:
    """Beside the losses: G's learning rate under a schedule, and the gradient norms (before
    clipping) when `clip_grad` is on; read at a flush, which syncs anyway."""
    cfg = st.cfg
    if cfg.lr_schedule != "constant" or cfg.warmup:
        st.shown["lr"] = float(f"{cfg.lr * cfg.lr_factor(st.step, halvings(st)):.3g}")
    if cfg.clip_grad > 0 and st.grad_norm_g is not None:
        g, d = float(st.grad_norm_g), float(st.grad_norm_d)
        st.shown["grad_g"], st.shown["grad_d"] = round(g, 3), round(d, 3)
        if st.step % cfg.sync_every == 0:  # a fixed cadence: checkpoints and previews must not change it
            st.grad_norms = torch.cat([st.grad_norms, torch.tensor([[float(st.step), g, d]])])


def check_samples(st: TrainState, ctx: Any, z: torch.Tensor) -> None:
    """Raise NodeFailed (E313) when the sampling generator draws blank or identical pictures on
    the fixed latents `z` (no training RNG is used), before a checkpoint keeps such weights."""
    g = st.sampler
    was_training = g.training
    g.eval()
    with torch.no_grad():
        problem = health.degenerate(g(z[:16]).float())
    g.train(was_training)
    if problem:
        raise NodeFailed(f"train {ctx.node}: the generator broke down by step {st.step}: {problem}",
                         code="E313", help=DIVERGED_HELP)


def preview(st: TrainState, ctx: Any, z: torch.Tensor) -> None:
    """Write the preview grid of the sampling generator to out_dir/<node>_preview.png."""
    if not is_main():
        return
    g = st.sampler
    was_training = g.training
    g.eval()
    sample_sheet(g, z, ctx.out_dir / f"{ctx.node}_preview.png")
    g.train(was_training)


def _group() -> tuple[int, int]:
    """(rank, world size) of the process group this run is part of; (0, 1) outside torchrun."""
    import torch.distributed as dist

    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


def start_from(st: TrainState, init: ckpt.Trained, node: str) -> None:
    """Fine-tuning: take G, D and EMA weights (not optimisers) from another trained node."""
    if init.model != st.spec:
        raise NodeFailed(f"train {node}: `init` trained another model shape ({init.model} vs {st.spec})",
                         code="E033", help="give both train nodes the same model and data size")
    st.g.load_state_dict(ckpt.sub(init.tensors, "G."))
    st.d.load_state_dict(ckpt.sub(init.tensors, "D."))
    if st.ema:
        st.ema.model.load_state_dict(ckpt.sub(init.tensors, "E." if init.has_ema else "G."))


def fit(ctx: RunContext, spec: dict[str, Any], data: np.ndarray, cfg: TrainConfig,
        init: ckpt.Trained | None = None) -> ckpt.Trained:
    """Train (or resume/continue) to cfg.steps, from `init`'s weights if given; returns a Trained."""
    spec = resolve_spec(spec, data.shape)
    cfg = dataclasses.replace(cfg, augment=resolve_augment(cfg.augment, len(data)))
    labels = None
    if cfg.conditional:
        spec, labels = with_classes(spec, data, ctx.node)
    device = torch.device(ctx.device)
    x = prepare(data, spec, device)
    rank, world = _group()
    st = TrainState(spec, cfg, device, sync_bn=world > 1)
    st.precision = ctx.numerics.precision
    st.shard = Shard(rank, world, cfg.batch) if world > 1 else None
    if labels is not None:
        st.labels = ClassSampler(labels, spec["classes"], device)
    if init is not None:
        start_from(st, init, ctx.node)
    resume(st, ctx)
    z = fixed_latents(st)
    probe = QualityProbe(x, latent_size(spec), cfg.seed) if cfg.eval_every > 0 else None

    def after_flush() -> None:
        warn_d_wins(st, ctx)
        maybe_measure(st, probe)
        show_rates_and_norms(st)

    run_steps(st, ctx, lambda: train_step(st, x), lambda: preview(st, ctx, z),
              after_flush=after_flush, before_checkpoint=lambda: check_samples(st, ctx, z))
    if cfg.preview_every > 0:
        preview(st, ctx, z)
    # The stored value leaves out the process-wide torch RNG state: it depends on what else the
    # process did (a resumed run differs), while training draws only from st.gen. So a killed and
    # resumed run stores the same bytes as an uninterrupted one, and early cutoff holds.
    tensors = {k: v.detach().cpu().clone() for k, v in st.tensors().items() if k != "rng.torch"}
    if st.best_weights:  # early stopping: later stages sample the generator of the best estimate
        prefix = "E." if st.ema else "G."
        tensors.update({prefix + k: v.detach().cpu().clone() for k, v in st.best_weights.items()})
        ctx.info(f"train {ctx.node}: {'stopped early at' if st.stopped else 'ran to'} step {st.step}; "
                 f"keeping the generator of step {int(st.best[0, 0])} (SWD {float(st.best[0, 1]):.1f})")
    return ckpt.Trained(tensors, st.meta())
