"""Few-shot defaults: what `train gan` uses for a fastgan model where the recipe is silent (no torch).

Measured with bench/fewshot.py on a 2-core CPU (bench/RESULTS.md): at 64 px and batch 16 fastgan
runs ~10 steps/s; on 100 pictures of one star the share of samples holding one star grows from
29% at 1500 steps to 55% at 3000 and 76% at 4500. More pictures need more steps to be seen. So:
2000 + 20 steps a picture, between 2500 and 4500 (4 to 7.5 minutes on 2 idle cores), fewer at
larger sides (a step costs ~4x per doubling), more on an accelerator (a step costs far less).
"""
from __future__ import annotations

LOSS, BATCH = "hinge", 16  # as in FastGAN; batch 16 keeps a CPU step short
PER_IMAGE, BASE, LOW, HIGH, ROUND = 20, 2000, 2500, 4500, 250
ACCELERATOR = 4  # times the CPU's steps on cuda or mps


def fewshot_steps(images: int | None, side: int, machine: str) -> tuple[int, str]:
    """(steps, why) for `images` pictures (None: unknown) at `side` px on `machine`."""
    n = images if images else 100
    steps = min(HIGH, max(LOW, BASE + PER_IMAGE * n))
    shrink = max(1, (max(side, 64) // 64))  # 128 px: half, 256 px: a quarter
    steps = steps // shrink * (ACCELERATOR if machine != "cpu" else 1)
    steps = max(ROUND, steps // ROUND * ROUND)
    seen = f"{images} pictures" if images else "an unknown number of pictures"
    return steps, f"fastgan default for {seen} at {side} px on {machine}"
