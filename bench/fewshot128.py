"""128 px few-shot: fastgan trained at 128 px, or at 64 px plus the learned x2 upscaler?

Both on the same 100 pictures of one star (bench/fewshot.py's set, drawn at 128 px), with the
steps given (choose them for equal wall time: the rates are printed). Scored on 200 samples at
128 px: the star structure score, SWD against the 128 px pictures and sharpness (mean gradient
magnitude against the data's; blur lowers it).

    python bench/fewshot128.py [--steps128 2500] [--steps64 4000] [--steps-sr 1500] [--count 100]
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np

from fewshot import holds_star, train  # bench/fewshot.py, beside this file
from sr import train as train_upscaler  # bench/sr.py


def stars(side: int, count: int) -> np.ndarray:
    from gandsl.data.shapes import make_shapes

    return make_shapes(side, ["star"], count, 0)


def sharpness(x: np.ndarray) -> float:
    """Mean absolute difference between neighbouring pixels of uint8 [N,3,H,W]."""
    f = x.astype(np.float32)
    return float(np.abs(np.diff(f, axis=2)).mean() + np.abs(np.diff(f, axis=3)).mean()) / 2


def samples(trained, n: int = 200) -> np.ndarray:
    from gandsl.render.sample import generate

    z = np.random.default_rng(1).standard_normal((n, trained.latent)).astype(np.float32)
    return generate(trained, z, "cpu", 50)  # [n,H,W,3] uint8


def report(name: str, fake: np.ndarray, data: np.ndarray, seconds: float, out: Path) -> None:
    from gandsl.gan.preview import grid, write_png
    from gandsl.gan.swd import swd

    x = fake.transpose(0, 3, 1, 2)  # [n,3,128,128]
    write_png(grid(x[:36], cols=6), out / f"{name}.png")
    print(json.dumps({"variant": name, "train_s": round(seconds, 1),
                      "structure": round(float(np.mean([holds_star(s) for s in x])), 3),
                      "swd": round(float(swd(data[:200], x)["mean"]), 1),
                      "sharpness": round(sharpness(x), 2), "data_sharpness": round(sharpness(data[:200]), 2),
                      "load": os.getloadavg()[0]}), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps128", type=int, default=2500)
    ap.add_argument("--steps64", type=int, default=4000)
    ap.add_argument("--steps-sr", type=int, default=1500)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--variants", default="direct,upscaled")
    ap.add_argument("--out", type=Path, default=Path("/tmp/bench-fewshot128"))
    ap.add_argument("--small-work", type=Path, default=None,
                    help="continue the 64 px run in this folder (e.g. bench/fewshot.py's) instead of a new one")
    args = ap.parse_args()
    from gandsl.render.upscale import learned

    data128, data64 = stars(128, args.count), stars(64, args.count)
    args.out.mkdir(parents=True, exist_ok=True)
    if "direct" in args.variants:
        t0 = time.perf_counter()
        trained = train("fastgan", data128, args.steps128, args.out / "direct")
        report(f"fastgan128-{args.steps128}", samples(trained), data128, time.perf_counter() - t0, args.out)
    if "upscaled" in args.variants:
        t0 = time.perf_counter()
        small = train("fastgan", data64, args.steps64, args.small_work or args.out / "small",
                      fresh=args.small_work is None)
        t64 = time.perf_counter() - t0
        sr = train_upscaler(data128, args.steps_sr, {"factor": 2})[0]
        fake = learned(samples(small), sr, "cpu", 16)
        print(json.dumps({"fastgan64_s": round(t64, 1), "sr_s": round(time.perf_counter() - t0 - t64, 1)}))
        report(f"fastgan64-{args.steps64}+sr-{args.steps_sr}", fake, data128, time.perf_counter() - t0, args.out)


if __name__ == "__main__":
    main()
