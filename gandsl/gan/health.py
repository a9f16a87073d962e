"""Training health: a window that scales with the run's length, and the "D wins early" warning."""
from __future__ import annotations

import torch

WINDOW_MIN, WINDOW_MAX = 25, 500
COLLAPSE_FLOOR = {"bce": 1e-3, "hinge": 1e-3, "lsgan": 1e-4}
D_WINS_BELOW = {"bce": 0.1, "hinge": 0.1, "lsgan": 0.02}  # mean D loss over the window


def window(steps: int) -> int:
    """Steps a health check looks back over: a tenth of the run, within 25..500."""
    return max(WINDOW_MIN, min(WINDOW_MAX, steps // 10))


def collapsed(losses: torch.Tensor, loss: str, steps: int) -> float | None:
    """The floor the D loss stayed under for the whole window, or None (losses [n, 2])."""
    floor, w = COLLAPSE_FLOOR.get(loss), window(steps)
    recent = losses[-w:, 0]
    if floor and len(recent) == w and float(recent.max()) < floor:
        return floor
    return None


def d_wins(losses: torch.Tensor, loss: str, steps: int, augment: tuple[str, ...]) -> str | None:
    """A warning when D's loss averaged ~0 over the window (G learns nothing), else None."""
    below, w = D_WINS_BELOW.get(loss), window(steps)
    recent = losses[-w:]
    if below is None or len(recent) < w or float(recent[:, 0].mean()) >= below:
        return None
    n = len(losses)
    tips = ["`augment = \"ada\"`" if "ada" not in augment else "more images", "`r1 = 1`",
            "a lower `lr_d`", "a smaller model `width`"]
    return (f"the discriminator is winning: by step {n} its loss averaged "
            f"{float(recent[:, 0].mean()):.3g} over {w} steps (G {float(recent[:, 1].mean()):.3g}), "
            f"so the generator learns little and samples may be noise; try " + ", ".join(tips))
