"""Frames per second of walk + x4 upscale at 64 px: batched gandsl path vs a naive per-frame loop.

Both paths run in the same process on the same DCGAN generator (latent 64, width 32, RGB 64 px)
and the same latents. The naive loop calls the generator once per frame and resizes each frame
with Pillow; gandsl samples in batches under inference_mode and upscales with numpy (nearest) or
Pillow (lanczos). GIF/MP4 encoding of the result is timed separately.

    python bench/render.py [--frames 96] [--device cpu] [--threads 2]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from gandsl.gan.models import build_generator
from gandsl.context import RunContext
from gandsl.ops.registry import get_op
from gandsl.render.gif import write_gif
from gandsl.render.mp4 import write_mp4
from gandsl.render.tile import upscale
from gandsl.render.paths import great_circle_path, phases

SPEC = {"arch": "dcgan", "latent": 64, "width": 32, "resolution": 64, "channels": 3}
SCALE = 4


class BenchTrained:
    """The generator as a walk op's `from` input."""

    latent = SPEC["latent"]

    def __init__(self) -> None:
        torch.manual_seed(0)
        self.model = build_generator(SPEC).eval()

    def generator(self, device: str) -> torch.nn.Module:
        return self.model.to(device)


def batched(trained: BenchTrained, frames: int, device: str, filter: str) -> np.ndarray:
    """gandsl's walk op (batched sampling) and its upscale."""
    clip = get_op("walk", "great_circle").run(RunContext(node="bench", device=device),
                                              {"frames": frames, "batch": 64}, {"from": trained})
    return upscale(clip.frames, SCALE, filter)


def naive(trained: BenchTrained, frames: int, device: str, filter: str) -> np.ndarray:
    """One generator call and one Pillow resize per frame."""
    z = torch.from_numpy(great_circle_path(0, 1, SPEC["latent"], phases(frames, True), 1,
                                           "linear")[:, 0].astype(np.float32))
    gen = trained.generator(device)
    resample = Image.Resampling.NEAREST if filter == "nearest" else Image.Resampling.LANCZOS
    out = []
    with torch.no_grad():
        for i in range(frames):
            img = gen(z[i:i + 1].to(device))[0].permute(1, 2, 0).cpu().numpy()
            pil = Image.fromarray(((img.clip(-1, 1) + 1) * 127.5).round().astype(np.uint8))
            out.append(np.asarray(pil.resize((256, 256), resample)))
    return np.stack(out)


def timed(fn, *args) -> tuple[float, np.ndarray]:
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=96)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    trained = BenchTrained()
    batched(trained, 8, args.device, "nearest")  # warm up both paths
    naive(trained, 4, args.device, "nearest")
    print(f"walk + x{SCALE} upscale, {args.frames} frames of 64 px -> 256 px, {args.device}, "
          f"{args.threads} threads")
    for filter in ("nearest", "lanczos"):
        t_fast, fast = timed(batched, trained, args.frames, args.device, filter)
        t_slow, slow = timed(naive, trained, args.frames, args.device, filter)
        assert fast.shape == slow.shape
        print(f"  {filter:8s} batched {args.frames / t_fast:8.1f} frames/s   naive "
              f"{args.frames / t_slow:8.1f} frames/s   speed-up x{t_slow / t_fast:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        t_gif, _ = timed(write_gif, fast, 24.0, Path(tmp) / "a.gif", "{}")
        t_mp4, _ = timed(write_mp4, fast, 24.0, Path(tmp) / "a.mp4", "{}")
    print(f"  encode   gif {args.frames / t_gif:8.1f} frames/s   "
          f"mp4 {args.frames / t_mp4:8.1f} frames/s")


if __name__ == "__main__":
    main()
