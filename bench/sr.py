"""Learned x4 super-resolution against bicubic: quality on held-out images, training time, throughput.

    python bench/sr.py [--kinds photos digits] [--steps 1500] [--count 600] [--set width=24 ...]

For each kind, `train srgan` (the op's defaults unless --steps/--set say otherwise) learns x4 from
`count` 128 px images of the built-in data: photos are 128 px crops at the photographs' own
resolution, digits are rendered at 128 px. Then `eval sr_quality`'s measure on the images held out
from training (same kind), and for photos also on other photographs it never saw (crops of
scikit-image's motorcycle, retina and hubble images). Reports PSNR/SSIM of the model and of
Pillow's bicubic, training wall and CPU seconds, threads, and upscaling throughput in frames/s at
32 -> 128 (batches of 16). The load average before and after is printed: the machine is shared.

Measured on the shared 2-core CPU at load 20-24 (each run had ~0.1 core; CPU seconds are honest):
  photos, --steps 1500: held-out 29.82 dB / 0.837 vs bicubic 28.53 / 0.802 (+1.29 dB);
  other photographs 33.12 / 0.817 vs 31.56 / 0.785 (+1.56 dB); 182 CPU-s; 7.2 frames/s.
  digits, --steps 600: held-out 39.22 / 0.992 vs 28.20 / 0.928 (+11.0 dB); 65 CPU-s; 4.6 frames/s.
Details in docs/super-resolution.md.
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

OTHER_PHOTOS = ("motorcycle_left.png", "retina.jpg", "hubble_deep_field.jpg")


def load() -> str:
    return "load %.2f %.2f %.2f" % os.getloadavg()


def data_op(name: str, **params: Any) -> np.ndarray:
    """Run a built-in data op with its defaults and these params."""
    from gandsl.context import RunContext
    from gandsl.ops.registry import get_op

    op = get_op("data", name)
    full = {p.name: p.default for p in op.spec.params if not p.required}
    full.update(params)
    return np.asarray(op.run(RunContext(node=name), full, {}))


def train(images: np.ndarray, steps: int | None, sets: dict[str, Any]) -> tuple[Any, float, float]:
    """(trained upscaler, wall seconds, CPU seconds) of the srgan op on images."""
    from gandsl.context import RunContext
    from gandsl.ops.registry import get_op

    op = get_op("train", "srgan")
    params = {p.name: p.default for p in op.spec.params if not p.required}
    params.update(preview_every=0, **sets)
    if steps:
        params.update(steps=steps, warmup=min(params["warmup"], steps * 2 // 3))
    with tempfile.TemporaryDirectory() as tmp:
        ctx = RunContext(node="sr", work_dir=Path(tmp), out_dir=Path(tmp), tmp_dir=Path(tmp))
        wall, cpu = time.perf_counter(), time.process_time()
        trained = op.run(ctx, params, {"data": images})
        return trained, time.perf_counter() - wall, time.process_time() - cpu


def throughput(trained: Any, channels: int, frames: int = 64) -> float:
    """Frames per second through the learned upscaler at 32 -> 32 x factor, batches of 16."""
    from gandsl.render.upscale import learned

    x = np.random.default_rng(0).integers(0, 256, (frames, 32, 32, channels), dtype=np.uint8)
    learned(x[:16], trained, "cpu", 16)  # warm-up
    t = time.perf_counter()
    learned(x, trained, "cpu", 16)
    return frames / (time.perf_counter() - t)


def other_photos(size: int, count: int) -> np.ndarray:
    from gandsl.data.sources import skimage_file

    per = max(1, count // len(OTHER_PHOTOS))
    return np.concatenate([data_op("photos", image=str(skimage_file(name)), size=size, crop=size,
                                   count=per, seed=5) for name in OTHER_PHOTOS])


def bench_kind(kind: str, args: argparse.Namespace, sets: dict[str, Any]) -> dict[str, Any]:
    """Train on one kind of data and measure it."""
    import torch

    from gandsl.render.sr_eval import sr_quality

    images = (data_op("photos", size=128, crop=128, count=args.count, seed=1) if kind == "photos"
              else data_op("digits", size=128, count=args.count, seed=1))
    before = load()
    trained, wall, cpu = train(images, args.steps, sets)
    row = {"kind": kind, "steps": trained.steps, "train_s": round(wall, 1), "train_cpu_s": round(cpu, 1),
           "threads": trained.meta.get("threads"), "load_before": before, "load_after": load(),
           "params": sum(v.numel() for k, v in trained.tensors.items() if k.startswith("G.")),
           "held_out": sr_quality(trained, images, 256)}
    if kind == "photos":
        row["other_photos"] = sr_quality(trained, other_photos(128, 60), 256)
    row["frames_per_s_32_to_128"] = round(throughput(trained, images.shape[1]), 1)
    row["torch_threads"] = torch.get_num_threads()
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kinds", nargs="+", default=["photos", "digits"], choices=["photos", "digits"])
    ap.add_argument("--steps", type=int, default=None, help="training steps (default: the op's)")
    ap.add_argument("--count", type=int, default=600, help="128 px images per kind")
    ap.add_argument("--set", action="append", default=[], help="srgan param NAME=VALUE")
    args = ap.parse_args()
    sets = {k: json.loads(v) for k, v in (s.split("=", 1) for s in args.set)}
    for kind in args.kinds:
        row = bench_kind(kind, args, sets)
        print(json.dumps(row, indent=1, sort_keys=True), flush=True)
        for name in ("held_out", "other_photos"):
            if name in row:
                r = row[name]
                print(f"{kind} {name}: learned x4 PSNR {r['learned']['psnr']:.2f} / SSIM "
                      f"{r['learned']['ssim']:.3f}  vs bicubic {r['bicubic']['psnr']:.2f} / "
                      f"{r['bicubic']['ssim']:.3f}  ({r['gain_db']:+.2f} dB, {r['images']} images)")
        print(f"{kind}: trained {row['steps']} steps in {row['train_s']} s ({row['train_cpu_s']} CPU-s, "
              f"{row['threads']} threads; {row['load_before']} -> {row['load_after']}); "
              f"{row['frames_per_s_32_to_128']} frames/s at 32->128", flush=True)


if __name__ == "__main__":
    main()
