"""The step loop GAN and SR training share: flushes of the losses (the only host sync), health
checks, checkpoints (atomic, rank 0 only), previews, resume from the newest usable checkpoint,
and a checkpoint on cancel. `st` is a training state: step, cfg, losses, device, tensors()/meta()."""
from __future__ import annotations

from typing import Any, Callable

import torch

from gandsl.context import Cancelled, RunContext
from gandsl.errors import NodeFailed
from gandsl.gan import checkpoint as ckpt, health
from gandsl.gan.dist import is_main, mean_over_ranks

TrainState = Any  # GAN (gan/state.py) or SR (gan/sr_train.py) state: the fields this loop reads

DIVERGED_HELP = ("the last good checkpoint is kept; lower `lr`/`lr_d`, add `clip_grad = 1.0`, `r1` or "
                 "`augment = \"ada\"`, or try `loss = \"hinge\"`")


def check_finite(st: TrainState, chunk: torch.Tensor, node: str) -> None:
    """Raise NodeFailed if a loss in the chunk just read back (ending at st.step) is NaN/inf."""
    bad = (~torch.isfinite(chunk)).any(1).nonzero()
    if len(bad):
        s = st.step - len(chunk) + int(bad[0]) + 1
        raise NodeFailed(f"train {node}: the losses became NaN/inf at step {s} "
                         f"(D {chunk[int(bad[0]), 0]:.3g}, G {chunk[int(bad[0]), 1]:.3g})", code="E310",
                         help=DIVERGED_HELP)


def check_collapse(st: TrainState, node: str) -> None:
    """Raise NodeFailed if the D loss stayed ~0 over the last health.window(steps) steps."""
    floor = health.collapsed(st.losses, st.cfg.loss, st.cfg.steps)
    if floor is not None:
        w = health.window(st.cfg.steps)
        raise NodeFailed(f"train {node}: the discriminator collapsed at step {st.step}: its loss stayed "
                         f"below {floor:g} for {w} steps, so G gets no signal", code="E311",
                         help=DIVERGED_HELP)


def weights_finite(st: TrainState) -> bool:
    """True when every G and D parameter is finite (checked before checkpointing)."""
    ps = list(st.g.parameters()) + list(st.d.parameters())
    return all(bool(torch.isfinite(p).all()) for p in ps)


def resume(st: TrainState, ctx: Any) -> None:
    """Load the newest usable checkpoint with step <= steps from ctx.work_dir, if any."""
    for s in reversed(ckpt.list_steps(ctx.work_dir)):
        if s > st.cfg.steps:
            continue
        try:
            t, meta = ckpt.read_dir(ckpt.step_dir(ctx.work_dir, s))
            if meta["model"] != st.spec or meta["train"] != st.cfg.keyed():
                continue
            st.restore(t, meta)
            ctx.info(f"train {ctx.node}: resuming from step {s}")
            return
        except Exception as e:  # a damaged checkpoint: try an older one
            ctx.warn(f"skipping unreadable checkpoint step {s} ({e})")


def save_checkpoint(st: TrainState, ctx: Any) -> None:
    """Write an atomic checkpoint of the current step, then prune old ones."""
    if not weights_finite(st):
        raise NodeFailed(f"train {ctx.node}: the weights became NaN/inf by step {st.step}", code="E310",
                         help=DIVERGED_HELP)
    if is_main():  # rank 0 alone writes; every rank holds the same state
        ckpt.write_atomic(ctx.work_dir, st.step, st.tensors(), st.meta())
        ckpt.prune(ctx.work_dir, st.step)


def flush(st: TrainState, pending: list[torch.Tensor], task: Any, node: str) -> None:
    """Read the pending per-step losses back (the only host sync), check health, report."""
    if not pending:
        return
    chunk = torch.stack(pending).float()  # [n, 2], or [n, 3] with the ADA p
    chunk = (mean_over_ranks(chunk) if getattr(st, "shard", None) else chunk).cpu()
    pending.clear()
    extra = {}
    if getattr(st, "ada", None):  # SR training shares this loop without ADA
        st.ada.history = torch.cat([st.ada.history, chunk[:, 2]])
        chunk, extra = chunk[:, :2], {"p": round(float(chunk[-1, 2]), 3)}
    check_finite(st, chunk, node)
    st.losses = torch.cat([st.losses, chunk])
    check_collapse(st, node)
    m = chunk.mean(0)
    task.advance(len(chunk), d=round(float(m[0]), 4), g=round(float(m[1]), 4), **extra,
                 **getattr(st, "shown", {}))


def run_steps(st: Any, ctx: RunContext, step: Callable[[], torch.Tensor],
              show: Callable[[], None], after_flush: Callable[[], None] = lambda: None,
              before_checkpoint: Callable[[], None] = lambda: None) -> None:
    """The loop GAN and SR training share: steps to st.cfg.steps with flushes, checkpoints, previews.

    A Cancelled run (a newer `watch` save) checkpoints the step it reached before stopping.
    """
    cfg = st.cfg
    threads_before = torch.get_num_threads()
    if st.device.type == "cpu":  # the keyed count, never the idle cores (gandsl/numerics.py)
        st.threads = ctx.numerics.threads
        torch.set_num_threads(st.threads)
    task = ctx.progress.task(f"train {ctx.node}", total=cfg.steps, completed=st.step)
    pending: list[torch.Tensor] = []
    try:
        while st.step < cfg.steps and not getattr(st, "stopped", False):
            pending.append(step())
            s = st.step
            is_ckpt = s % cfg.checkpoint_every == 0 or s == cfg.steps
            is_prev = cfg.preview_every > 0 and s % cfg.preview_every == 0
            every = getattr(cfg, "eval_every", 0)  # quality estimates are taken after a flush
            if is_ckpt or is_prev or s % cfg.sync_every == 0 or (every and s % every == 0):
                flush(st, pending, task, ctx.node)
                after_flush()
            stop = getattr(st, "stopped", False)  # early stopping decided at this flush
            if is_ckpt or stop:
                before_checkpoint()  # e.g. samples that broke down: raise, keep the last good one
                save_checkpoint(st, ctx)
            if is_prev:
                show()
    except Cancelled:
        if st.step % cfg.checkpoint_every and weights_finite(st):
            save_checkpoint(st, ctx)
        raise
    finally:
        task.close()
        torch.set_num_threads(threads_before)
