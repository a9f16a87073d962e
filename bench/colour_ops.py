"""Which part of ADA's colour op buys structure and which saturates: stars at 32 px, fastgan.

Each variant replaces the colour op of ADA's pipeline (gandsl.gan.ada.OPS["color"]) for one run
of bench/fewshot.py's `train` on 100 pictures of one star, then prints the share of samples
holding one star, SWD and the share of channel values within 8 levels of 0 or 255.

    GANDSL_THREADS=1 python bench/colour_ops.py [--steps 1000] [--variants base,clamp,...]
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Callable

import gandsl  # noqa: F401  (before torch: gandsl's OpenMP spin limit)
import numpy as np
import torch

import fewshot  # bench/fewshot.py, beside this file
from gandsl.gan import ada, augment
from gandsl.gan.augment import _rand

Op = Callable[..., torch.Tensor]


def parts(bright: float, sat: float, contrast: float) -> Op:
    """DiffAugment's colour op with each part's range scaled (0: that part off); same draws."""
    def op(x: torch.Tensor, gen: torch.Generator, shard: object = None) -> torch.Tensor:
        a, b, c = _rand(x, gen, shard), _rand(x, gen, shard), _rand(x, gen, shard)
        x = x + (a - 0.5) * bright
        m = x.mean(dim=1, keepdim=True)
        x = (x - m) * (1 + (b * 2 - 1) * sat) + m
        m = x.mean(dim=(1, 2, 3), keepdim=True)
        return (x - m) * (1 + (c - 0.5) * contrast) + m
    return op


def ada_ranges(x: torch.Tensor, gen: torch.Generator, shard: object = None) -> torch.Tensor:
    """StyleGAN2-ADA's ranges: brightness N(0, 0.2), contrast and saturation log-normal."""
    def n() -> torch.Tensor:
        return torch.randn(x.shape[0], 1, 1, 1, generator=gen, device=x.device, dtype=x.dtype)
    x = x + 0.2 * n()
    m = x.mean(dim=(1, 2, 3), keepdim=True)
    x = (x - m) * torch.exp2(0.5 * n()) + m
    m = x.mean(dim=1, keepdim=True)
    return (x - m) * torch.exp2(n()) + m


VARIANTS: dict[str, Op] = {
    "base": augment.color,
    "clamp": lambda x, gen, shard=None: augment.color(x, gen, shard).clamp(-1, 1),
    "mild": parts(0.5, 0.5, 0.5),
    "ada": ada_ranges,
    "bright": parts(1.0, 0.0, 0.0),
    "bright0.2": parts(0.2, 0.0, 0.0),
    "sat": parts(0.0, 1.0, 0.0),
    "contrast": parts(0.0, 0.0, 1.0),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--out", type=Path, default=Path("/tmp/bench-colour"))
    args = ap.parse_args()
    from gandsl.data.shapes import make_shapes

    data = make_shapes(32, ["star"], 100, 0)
    for name in args.variants.split(","):
        ada.OPS["color"] = VARIANTS[name]
        t0 = time.perf_counter()
        trained = fewshot.train("fastgan", data, args.steps, args.out / name)
        s = fewshot.score(trained, fewshot.holds_star, data)
        saturated = float((np.abs(s.pop("samples").astype(np.float32) - 127.5) > 120).mean())
        print(json.dumps({"variant": name, "steps": args.steps, **s, "saturated": round(saturated, 3),
                          "train_s": round(time.perf_counter() - t0), "load": os.getloadavg()[0]}), flush=True)


if __name__ == "__main__":
    main()
