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


FLAT = 2 / 255  # one grey level in [-1, 1]: below it a picture is a flat colour
SAME = 1 / 255  # half a level: below it every sample of a batch is the same picture
SATURATED = 0.9  # |mean| above it: black or white (an untrained generator draws flat mid-grey)


def degenerate(samples: torch.Tensor) -> str | None:
    """Why samples [N, C, H, W] in [-1, 1] show the generator broke down, else None: NaN, every
    picture one flat black or white, or every picture the same picture (a collapsed batch).

    An untrained generator's samples are faint and grey, not flat black or white, and differ by
    a little from each other: neither counts, so a young run is never stopped."""
    if not bool(torch.isfinite(samples).all()):
        return "its samples are NaN/inf"
    per_image = samples.flatten(1).std(dim=1)
    if float(per_image.max()) < FLAT and float(samples.mean().abs()) > SATURATED:
        return "every sample is a flat colour (blank)"
    if len(samples) > 1 and float(per_image.min()) >= FLAT and float(samples.std(dim=0).max()) < SAME:
        return "every sample is the same picture (collapsed)"
    return None
