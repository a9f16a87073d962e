"""Few-shot structure, measured: dcgan vs fastgan at equal wall time on small sets with a known structure.

Data sets (made here, 64 px, `--count` images each): "star" (exactly one five-pointed star on a
plain background, from gandsl's shapes data) and "card" (one dark letter on a light card on a
plain background). The structure score counts samples that hold exactly that structure:
- star: the pixels far from the border colour form exactly one blob of 2-60% of the picture whose
  solidity (area / convex hull area) is that of a star (0.35-0.8; a disc or square is above 0.9);
- card: exactly one rectangular blob (the card, 8-70%, solidity over 0.9) holding a dark letter.
The training pictures score ~100%. Also SWD against the data (lower is closer).

    python bench/fewshot.py [--seconds 300] [--count 100] [--sets star,card] [--models dcgan,fastgan]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from pathlib import Path

import numpy as np

from gandsl.context import RunContext


def star_set(count: int, seed: int) -> np.ndarray:
    from gandsl.data.shapes import make_shapes

    return make_shapes(64, ["star"], count, seed)


def card_set(count: int, seed: int) -> np.ndarray:
    """One dark letter on a light card, on a plain mid-dark background: uint8 [count,3,64,64]."""
    from PIL import Image, ImageDraw, ImageFont

    from gandsl.data.sources import font_files

    rng = np.random.default_rng(seed)
    font = ImageFont.truetype(str(font_files("sans")[1]), 28)  # DejaVu Sans Bold
    out = np.empty((count, 3, 64, 64), np.uint8)
    for i in range(count):
        back = tuple(int(v) for v in rng.integers(20, 110, 3))
        image = Image.new("RGB", (64, 64), back)
        d = ImageDraw.Draw(image)
        w, h = rng.integers(30, 44), rng.integers(36, 50)
        x, y = rng.integers(2, 64 - w - 2), rng.integers(2, 64 - h - 2)
        d.rectangle((x, y, x + w, y + h), fill=tuple(int(v) for v in rng.integers(210, 256, 3)))
        d.text((x + w / 2, y + h / 2), chr(65 + int(rng.integers(26))), fill=(20, 20, 30), font=font,
               anchor="mm")
        out[i] = np.asarray(image).transpose(2, 0, 1)
    return out


def blobs(mask: np.ndarray, min_px: int) -> list:
    from skimage.measure import label, regionprops

    return [r for r in regionprops(label(mask)) if r.area >= min_px]


def apart(x: np.ndarray) -> np.ndarray:
    """x uint8 [3,H,W]: the pixels far from the border's colour, holes filled."""
    from scipy.ndimage import binary_fill_holes

    img = x.astype(np.float32).transpose(1, 2, 0)
    border = np.concatenate([img[0], img[-1], img[:, 0], img[:, -1]])
    return binary_fill_holes(np.linalg.norm(img - np.median(border, 0), axis=2) > 60)


def holds_star(x: np.ndarray) -> bool:
    """Exactly one star-shaped blob apart from the background."""
    far = apart(x)
    found = blobs(far, 20)
    if len(found) != 1:
        return False
    r = found[0]
    return 0.02 <= r.area / far.size <= 0.6 and 0.35 <= r.solidity <= 0.8


def card_box(x: np.ndarray) -> tuple[int, int, int, int] | None:
    """The (y0, x0, y1, x1) of exactly one rectangular card apart from the background, with a dark
    mark on it; None otherwise."""
    far = apart(x)
    found = blobs(far, 40)
    if len(found) != 1 or not 0.08 <= found[0].area / far.size <= 0.7 or found[0].solidity < 0.9:
        return None
    y0, x0, y1, x1 = found[0].bbox
    inner = x.astype(np.float32).mean(0)[y0 + 2:y1 - 2, x0 + 2:x1 - 2]
    return found[0].bbox if inner.size > 0 and len(blobs(inner < 90, 8)) >= 1 else None


def holds_card(x: np.ndarray) -> bool:
    """Exactly one rectangular card apart from the background, with a dark letter on it."""
    return card_box(x) is not None


SETS = {"star": (star_set, holds_star), "card": (card_set, holds_card)}


def train(model: str, data: np.ndarray, steps: int, work: Path, fresh: bool = True, **sets):
    from gandsl.ops import train_gan

    spec = {"arch": model, "latent": 64, "width": 16 if model == "fastgan" else 32, "resolution": data.shape[-1],
            "channels": 3, "mbstd": True, "upsample": "resize"}
    params = {s.name: s.default for s in train_gan.SPEC.params if not s.is_input}
    params.update(steps=steps, preview_every=0, checkpoint_every=max(steps, 1), batch=16)
    if model == "fastgan":
        params.update(loss="hinge")
    params.update(sets)
    if fresh:
        shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    return train_gan.run(RunContext(node=model, work_dir=work, out_dir=work, tmp_dir=work), params,
                         {"model": spec, "data": data})


def score(trained, holds, data: np.ndarray, n: int = 200) -> dict:
    from gandsl.gan.swd import swd
    from gandsl.render.sample import generate

    z = np.random.default_rng(1).standard_normal((n, trained.latent)).astype(np.float32)
    fake = generate(trained, z, "cpu", 50).transpose(0, 3, 1, 2)  # [n,3,64,64]
    out = {"structure": round(float(np.mean([holds(x) for x in fake])), 3),
           "swd": round(float(swd(data[:n], fake)["mean"]), 1)}
    if holds is holds_card:
        from letters import letter_scores  # bench/letters.py, beside this file

        out.update(letter_scores(fake, card_box))
    return {**out, "samples": fake}


def rate(model: str, data: np.ndarray, work: Path, steps: int = 20) -> float:
    """Steps/s of a fresh `steps`-step run in `work`."""
    t0 = time.perf_counter()
    train(model, data, steps, work)
    return steps / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=300)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--sets", default="star,card")
    ap.add_argument("--models", default="dcgan,fastgan")
    ap.add_argument("--out", type=Path, default=Path("/tmp/bench-fewshot"))
    ap.add_argument("--steps", default="", help="train this many steps instead of --seconds; "
                    "several (1500,3000): one run scored at each, resumed from the last")
    ap.add_argument("--keep", action="store_true", help="continue the runs already in --out")
    ap.add_argument("--set", action="append", default=[], help="train param NAME=JSON, e.g. "
                    'augment=\'["ada","xflip","translation","cutout"]\'')
    ap.add_argument("--ada-max", type=float, default=None, help="cap ADA's p (gandsl.gan.ada.P_MAX)")
    args = ap.parse_args()
    from gandsl.gan import ada
    from gandsl.gan.preview import grid, write_png

    if args.ada_max is not None:
        ada.P_MAX = args.ada_max

    sets = {k: json.loads(v) for k, v in (item.split("=", 1) for item in args.set)}
    for name in args.sets.split(","):
        make, holds = SETS[name]
        data = make(args.count, 0)
        print(json.dumps({"set": name, "real_structure": float(np.mean([holds(x) for x in data]))}), flush=True)
        for model in args.models.split(","):
            marks = [int(s) for s in args.steps.split(",") if s] or \
                [max(20, int(rate(model, data, args.out / "rate") * args.seconds))]
            seconds, work = 0.0, args.out / f"{name}{args.count}-{model}"
            for i, steps in enumerate(marks):
                t0 = time.perf_counter()
                trained = train(model, data, steps, work, fresh=i == 0 and not args.keep, **sets)
                seconds += time.perf_counter() - t0
                s = score(trained, holds, data)
                s["saturated"] = round(float((np.abs(s["samples"].astype(np.float32) - 127.5) > 120).mean()), 3)
                write_png(grid(s.pop("samples")[:64], cols=8), work.with_name(f"{work.name}-{steps}.png"),
                          scale=2)
                print(json.dumps({"set": name, "count": args.count, "model": model, "steps": steps,
                                  "train_s": round(seconds, 1), **s, "load": os.getloadavg()[0]}), flush=True)


if __name__ == "__main__":
    main()
