"""Data-parallel training that gives the same result for any number of processes.

Every rank holds the same models and the same seeded torch.Generator, draws every random tensor
for the *global* batch (indices, z, augmentation, penalty mixing) and keeps its own rows; batch
norm statistics are summed over all ranks (SyncBatchNorm2d, differentiable) and gradients are
averaged with one flat all-reduce per step (no DDP wrapper, so no GAN double-forward trouble).
Parameters and EMA stay identical on every rank; only float reduction order differs from N = 1.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import torch
import torch.distributed as dist
import torch.nn as nn
from torch.distributed.nn.functional import all_reduce as all_reduce_autograd

from gandsl.gan.blocks import MinibatchStd


@dataclass(frozen=True)
class Shard:
    """This process's rows [lo, hi) of a global batch of `total` rows."""

    rank: int
    world: int
    total: int

    @property
    def lo(self) -> int:
        return self.rank * (self.total // self.world)

    @property
    def hi(self) -> int:
        return self.lo + self.total // self.world

    def rows(self, t: torch.Tensor) -> torch.Tensor:
        """The local rows of a tensor drawn for the global batch ([total, ...] -> [total/world, ...])."""
        return t[self.lo:self.hi]


def env_world() -> tuple[int, int, int]:
    """(rank, local_rank, world_size) from torchrun's environment (0, 0, 1 outside it)."""
    return (int(os.environ.get("RANK", 0)), int(os.environ.get("LOCAL_RANK", 0)),
            int(os.environ.get("WORLD_SIZE", 1)))


def is_main() -> bool:
    """True on rank 0 (and outside a process group): the one process that writes files."""
    return not (dist.is_available() and dist.is_initialized()) or dist.get_rank() == 0


class SyncBatchNorm2d(nn.BatchNorm2d):
    """BatchNorm2d whose training statistics cover the global batch of every rank (any device)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training:
            return super().forward(x)
        xf = x.float()  # [b, C, H, W]; statistics in fp32 as autocast does for batch norm
        count = torch.tensor([float(xf.numel() // xf.shape[1])], device=x.device)
        sums = all_reduce_autograd(torch.cat([xf.sum((0, 2, 3)), count]))
        n = sums[-1]
        mean = sums[:-1] / n  # [C]
        centred = xf - mean[None, :, None, None]
        var = all_reduce_autograd(centred.pow(2).sum((0, 2, 3))) / n  # [C], biased
        if self.track_running_stats and self.running_mean is not None:
            with torch.no_grad():
                m = self.momentum if self.momentum is not None else 0.1
                self.running_mean.lerp_(mean.detach(), m)
                self.running_var.lerp_(var.detach() * n / (n - 1).clamp(min=1), m)
                self.num_batches_tracked += 1
        y = centred * torch.rsqrt(var + self.eps)[None, :, None, None]
        if self.affine:
            y = y * self.weight[None, :, None, None] + self.bias[None, :, None, None]
        return y


class SyncMinibatchStd(MinibatchStd):
    """MinibatchStd whose standard deviation covers the global batch of every rank."""

    def std(self, x: torch.Tensor) -> torch.Tensor:
        xf = x.float()  # [b, C, H, W]
        count = torch.tensor([float(len(x))], device=x.device)
        sums = all_reduce_autograd(torch.cat([xf.sum(0).flatten(), count]))
        mean = sums[:-1].view_as(xf[0]) / sums[-1]  # [C, H, W]
        var = all_reduce_autograd((xf - mean).pow(2).sum(0)) / sums[-1]  # biased, as MinibatchStd
        return var.add(1e-8).sqrt().mean()


def convert_sync_bn(module: nn.Module) -> nn.Module:
    """Swap every BatchNorm2d (MinibatchStd) in place for SyncBatchNorm2d (SyncMinibatchStd)."""
    for name, child in module.named_children():
        if type(child) is MinibatchStd:
            setattr(module, name, SyncMinibatchStd())
        elif type(child) is nn.BatchNorm2d:
            sync = SyncBatchNorm2d(child.num_features, child.eps, child.momentum, child.affine,
                                   child.track_running_stats, device=_device_of(child))
            sync.load_state_dict(child.state_dict())
            setattr(module, name, sync)
        else:
            convert_sync_bn(child)
    return module


def _device_of(m: nn.Module) -> torch.device:
    for t in list(m.parameters()) + list(m.buffers()):
        return t.device
    return torch.device("cpu")


def average_gradients(module: nn.Module, world: int) -> None:
    """All-reduce the module's gradients as one flat tensor and divide by the world size."""
    grads = [p.grad for p in module.parameters() if p.grad is not None]
    if not grads:
        return
    flat = torch.cat([g.reshape(-1) for g in grads])
    dist.all_reduce(flat)
    flat.div_(world)
    offset = 0
    for g in grads:
        g.copy_(flat[offset:offset + g.numel()].view_as(g))
        offset += g.numel()


def mean_over_ranks(t: torch.Tensor) -> torch.Tensor:
    """The mean of a tensor over all ranks (for logged losses)."""
    out = t.clone()
    dist.all_reduce(out)
    return out / dist.get_world_size()

