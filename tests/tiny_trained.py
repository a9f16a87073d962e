"""A tiny stand-in for gandsl.gan.checkpoint.Trained, for tests of walks and renders (tests only)."""
from __future__ import annotations

from typing import Any


def tiny_generator(latent: int, resolution: int, channels: int, width: int, seed: int) -> Any:
    """A small seeded upsampling conv generator: z [N, latent] -> images [N, C, R, R] in [-1, 1]."""
    import torch
    from torch import nn

    torch.manual_seed(seed)
    blocks: list[nn.Module] = []
    size = 4
    while size < resolution:
        blocks += [nn.Upsample(scale_factor=2), nn.Conv2d(width, width, 3, padding=1), nn.ReLU()]
        size *= 2
    return nn.Sequential(nn.Linear(latent, width * 16), nn.Unflatten(1, (width, 4, 4)), nn.ReLU(),
                         *blocks, nn.Conv2d(width, channels, 3, padding=1), nn.Tanh()).eval()


class TinyTrained:
    """What walk, sheet, plot and swd ops read from a train node, backed by a tiny generator."""

    def __init__(self, latent: int = 8, resolution: int = 16, channels: int = 3,
                 width: int = 8, seed: int = 0) -> None:
        self.latent, self.resolution, self.channels = latent, resolution, channels
        self.steps = 100
        self.loss_steps = list(range(0, 100, 5))
        self.losses = {"g": [1.0 + 0.01 * i for i in range(20)],
                       "d": [1.5 - 0.02 * i for i in range(20)]}
        self.model = tiny_generator(latent, resolution, channels, width, seed)
        self.calls = 0
        self.model.register_forward_hook(self._count)

    def _count(self, module: Any, args: Any, output: Any) -> None:
        self.calls += 1

    def generator(self, device: str) -> Any:
        """The generator on a device, in eval mode."""
        return self.model.to(device).eval()
