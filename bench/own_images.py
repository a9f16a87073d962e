"""Your own images: plain DCGAN vs ADA vs resize-conv (+ minibatch stddev) vs fine-tuned, and projection.

    python bench/own_images.py [--steps 600 --size 32 --images 40 --held-out 8 --out out/bench-own]
    python bench/own_images.py --out out/bench-own --picture docs/own-images.png

The bench draws its own folder of varied coloured shapes (bench/own_data.py: 6 colours, 3 shapes,
3 backgrounds), trains each variant on the same images (dcgan latent 64 width 32, batch 32, one
CPU thread) and reports, from 256 EMA samples:
  swd    multi-scale sliced Wasserstein distance to the data (x1000, lower is better)
  modes  colour modes of the data the samples reach: each image's foreground colour (pixels far
         from its corner colour) is snapped to the palette; reached = >= 2% of samples
  checker  power at the Nyquist frequency (period-2 pattern) as a share of non-DC power, x1000;
         the data's own value is printed beside it (lower is better, near the data's is ideal)
  warning  whether gandsl warned that D wins early
Fine-tuned: a GAN trained first on the built-in `shapes` data (not the folder), then trained on
the folder for half the steps with `init`. Projection: PSNR of held-out images (not trained on)
projected into the GAN of today's defaults (300 steps). Each figure is printed with `uptime`'s load.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("GANDSL_THREADS", "1")
import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from own_data import PALETTE, make_images  # noqa: E402

from gandsl.gan.swd import swd  # noqa: E402
from gandsl.ops import train_gan, train_project  # noqa: E402
from gandsl.context import RunContext  # noqa: E402
from gandsl.ops.registry import get_op  # noqa: E402

BASE = {"latent": 64, "width": 32}  # dcgan params; the rest are the op's defaults or a variant's
VARIANTS = {  # name: (model params, train params) over BASE and the train op's defaults
    "plain": ({"upsample": "transposed", "mbstd": False}, {"augment": []}),
    "ada": ({"upsample": "transposed", "mbstd": False}, {"augment": ["ada"]}),
    "resize": ({"upsample": "resize", "mbstd": True}, {"augment": []}),
    "resize_ada": ({"upsample": "resize", "mbstd": True}, {"augment": ["ada"]}),
    "defaults": ({}, {}),  # what `dcgan { latent = 64  width = 32 }` and `gan {}` give today
}


def load() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.split("load average:")[-1].strip()


def foreground_colours(images: np.ndarray) -> np.ndarray:
    """Per image [N,3,H,W] the palette index of its foreground colour (-1: none)."""
    pal = np.array(list(PALETTE.values()), dtype=np.float32)  # [P,3]
    x = images.astype(np.float32).transpose(0, 2, 3, 1)  # [N,H,W,3]
    corner = x[:, :2, :2].reshape(len(x), -1, 3).mean(1)  # [N,3]
    out = []
    for im, bg in zip(x, corner):
        fg = im[np.linalg.norm(im - bg, axis=-1) > 60]
        if len(fg) < 0.03 * im.shape[0] * im.shape[1]:
            out.append(-1)
            continue
        d = np.linalg.norm(pal - fg.mean(0), axis=1)
        out.append(int(d.argmin()) if d.min() < 80 else -1)
    return np.array(out)


def modes(data: np.ndarray, samples: np.ndarray) -> str:
    have = set(foreground_colours(data)) - {-1}
    got = foreground_colours(samples)
    reached = {m for m in have if (got == m).mean() >= 0.02}
    return f"{len(reached)}/{len(have)}"


def checker(images: np.ndarray) -> float:
    """Share of non-DC power at the Nyquist row/column of the 2-D spectrum, x1000."""
    x = images.astype(np.float32).mean(1)  # [N,H,W] grey
    x = x - x.mean(axis=(1, 2), keepdims=True)
    p = np.abs(np.fft.fft2(x)) ** 2  # [N,H,W]
    h, w = x.shape[1:]
    nyq = p[:, h // 2, :].sum(1) + p[:, :, w // 2].sum(1) - p[:, h // 2, w // 2]
    return float(1000 * (nyq / p.sum(axis=(1, 2)).clip(1e-9)).mean())


def samples(trained, n: int = 256) -> np.ndarray:
    z = torch.randn(n, trained.latent, generator=torch.Generator().manual_seed(123))
    with torch.no_grad():
        x = trained.generator()(z)
    return ((x.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).numpy()


def train(work: Path, model: dict, data: np.ndarray, steps: int, extra: dict, init=None):
    warnings: list[str] = []
    work.mkdir(parents=True, exist_ok=True)
    ctx = RunContext(node=work.name, work_dir=work, out_dir=work, tmp_dir=work, warn=warnings.append)
    p = {s.name: s.default for s in train_gan.SPEC.params if not s.is_input}
    p.update(steps=steps, batch=32, preview_every=0, checkpoint_every=steps)
    p.update(extra)
    mop = get_op("model", "dcgan")
    spec = mop.run(None, {s.name: s.default for s in mop.spec.params} | BASE | model, {})
    inputs = {"model": spec, "data": data} | ({"init": init} if init is not None else {})
    start = time.time()
    t = train_gan.run(ctx, p, inputs)
    return t, time.time() - start, warnings


def report(name: str, t, secs: float, warnings: list, data: np.ndarray, out: Path) -> np.ndarray:
    s = samples(t)
    d = swd(data, s)
    score = d["mean"]
    p = f" p={t.augment_p[-1]:.2f}" if t.augment_p else ""
    print(f"{name:9s} swd {score:7.1f}  modes {modes(data, s)}  checker {checker(s):6.2f} "
          f"(data {checker(data):.2f})  warned {'yes' if warnings else 'no'}{p}  "
          f"{secs:5.0f} s  load {load()}", flush=True)
    np.save(out / f"{name}.npy", s[:16])
    return s


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--size", type=int, default=32)
    ap.add_argument("--images", type=int, default=40)
    ap.add_argument("--held-out", type=int, default=8)
    ap.add_argument("--only", default=",".join([*VARIANTS, "finetune", "project"]))
    ap.add_argument("--out", default="out/bench-own")
    ap.add_argument("--picture", help="only tile the saved samples of --out into this PNG")
    a = ap.parse_args()
    if a.picture:
        return picture(Path(a.out), Path(a.picture))
    torch.set_num_threads(1)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    allimgs = make_images(a.images + a.held_out, a.size, seed=0)
    data, held = allimgs[: a.images], allimgs[a.images:]
    np.save(out / "data.npy", data[:16])
    only = a.only.split(",")
    tmp = Path(tempfile.mkdtemp(prefix="own-bench-"))
    trained = {}
    for name, (model, extra) in VARIANTS.items():
        if name in only or (name == "defaults" and ("finetune" in only or "project" in only)):
            t, secs, w = train(tmp / name, model, data, a.steps, extra)
            trained[name] = t
            report(name, t, secs, w, data, out)
    if "finetune" in only:
        from gandsl.data.imaging import to_channels
        from gandsl.data.shapes import make_shapes  # the built-in dataset, not the folder

        base_data = to_channels(make_shapes(a.size, ["circle", "square", "triangle"], 2000, 0), 3)
        model, extra = VARIANTS["defaults"]
        base, secs0, _ = train(tmp / "base", model, base_data, a.steps, extra)
        t, secs, w = train(tmp / "finetune", model, data, a.steps // 2, extra, init=base)
        report("finetune", t, secs0 + secs, w, data, out)
    if "project" in only:
        ctx = RunContext(node="p")
        p = {s.name: s.default for s in train_project.SPEC.params if not s.is_input}
        start = time.time()
        found = train_project.run(ctx, p, {"from": trained["defaults"], "images": held})
        print(f"project   held-out PSNR {np.mean(found.psnr):.2f} dB (min {min(found.psnr):.2f}) over "
              f"{len(held)} images, {time.time() - start:.0f} s  load {load()}", flush=True)
        np.save(out / "project_pairs.npy", np.stack(found.pairs))


def picture(folder: Path, target: Path, rows: tuple[str, ...] = ("data", "plain", "ada", "resize", "defaults", "finetune")) -> None:
    """Tile the saved first 16 images per row (data, then each variant) into one PNG, 3x."""
    from PIL import Image

    from gandsl.lang.values import Size
    from gandsl.render.tile import tile, upscale

    have = [r for r in rows if (folder / f"{r}.npy").exists()]
    cells = np.concatenate([np.load(folder / f"{r}.npy")[:8] for r in have])  # [8R,3,H,W]
    sheet = tile(cells.transpose(0, 2, 3, 1)[None], Size(8, len(have)))
    Image.fromarray(upscale(sheet, 3)[0]).save(target)
    print(f"wrote {target}: rows {', '.join(have)}")


if __name__ == "__main__":
    main()
