"""Style transfer, measured: does `train translate` learn hidden styles from unpaired images?

Each hidden style is a function of a photo (colour grade, texture, ink lines). The translator
trains on crops of photos A against the style applied to *other* photos B (unpaired), then
paints photos it never saw; we score PSNR against the style function's true output, beside two
baselines: the unchanged photo, and a colour-statistics transfer (Reinhard et al. 2001, per
channel mean/std towards B's). Also: training time, and `stylize` frames/s at 512x512.

    python bench/translate.py [--steps 1200] [--styles warm,oil,ink] [--out /tmp/translate] [--oracle]

Style kinds: warm (colour), oil (texture), ink (line over posterised colours), lines (line only).
`--oracle` adds the ceiling: the same generator trained paired for the same steps. Each run
prints steps/s and the load average beside its scores. On a shared machine run it with
GANDSL_THREADS=1: two threads per process under a load of 9 ran 0.34 steps/s, one thread 6.9
(scores differ a little: keyed).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from gandsl.context import RunContext
from gandsl.data.sources import skimage_file

# A and B come from the same photos (so neither set's content leans another way), A from their
# left halves and B from their right halves: no pixel of A is in B.
TRAIN = ("astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg", "hubble_deep_field.jpg", "ihc.png")
UNSEEN = ("motorcycle_left.png", "retina.jpg")


def photo(name: str, side: int = 256) -> Image.Image:
    """A built-in photo, its shorter side resized to `side`, centre-cropped square."""
    im = Image.open(skimage_file(name)).convert("RGB")
    s = side / min(im.size)
    im = im.resize((round(im.width * s), round(im.height * s)), Image.LANCZOS)
    left, top = (im.width - side) // 2, (im.height - side) // 2
    return im.crop((left, top, left + side, top + side))


def warm(im: Image.Image) -> np.ndarray:
    """Colour: a warm, faded grade (channel matrix + lifted blacks)."""
    x = np.asarray(im, np.float32) / 255
    m = np.array([[0.9, 0.3, 0.0], [0.15, 0.8, 0.05], [0.1, 0.2, 0.5]], np.float32)
    return np.clip(0.08 + 0.9 * x @ m.T, 0, 1)


def oil(im: Image.Image) -> np.ndarray:
    """Texture: brush-patch texture (a 5x5 mode filter turns fine detail into flat daubs) with
    boosted saturation; like the others, a deterministic function of the photo's own pixels."""
    from PIL import ImageEnhance

    return np.asarray(ImageEnhance.Color(im.filter(ImageFilter.ModeFilter(5))).enhance(1.6), np.float32) / 255


def ink(im: Image.Image) -> np.ndarray:
    """Line: dark outlines where edges are strong, over posterised colours."""
    x = np.asarray(im, np.float32) / 255
    edges = np.asarray(im.convert("L").filter(ImageFilter.FIND_EDGES), np.float32) / 255
    post = np.round(x * 4) / 4
    return np.clip(post * (1 - np.clip(edges * 4, 0, 1))[..., None], 0, 1)


def lines(im: Image.Image) -> np.ndarray:
    """Line, pure: dark outlines where the smoothed photo has strong edges, over its own colours
    (no posterising; ~14% of the motorcycle's pixels against ink's 27%, which are mostly speckle)."""
    x = np.asarray(im, np.float32) / 255
    edges = np.asarray(im.convert("L").filter(ImageFilter.GaussianBlur(1.5)).filter(ImageFilter.FIND_EDGES),
                       np.float32) / 255
    return x * (1 - np.clip((edges - 0.05) / 0.05, 0, 1))[..., None]


STYLES = {"warm": warm, "oil": oil, "ink": ink, "lines": lines}
KINDS = {"warm": "colour", "oil": "texture", "ink": "line", "lines": "line"}


def crops(images: list[np.ndarray], count: int, side: int, seed: int) -> np.ndarray:
    """uint8 [count,3,side,side] random crops of float HWC images."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        x = images[rng.integers(len(images))]
        y0 = rng.integers(0, x.shape[0] - side + 1)
        x0 = rng.integers(0, x.shape[1] - side + 1)
        out.append(x[y0:y0 + side, x0:x0 + side])
    return (np.stack(out).transpose(0, 3, 1, 2) * 255).round().astype(np.uint8)


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    return float(10 * np.log10(1 / max(np.mean((a - b) ** 2), 1e-10)))


def reinhard(x: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """Per-channel mean/std of x moved to ref's (in RGB: the images here have no Lab conversion)."""
    mx, sx = x.mean((0, 1)), x.std((0, 1)) + 1e-6
    mr, sr = ref.mean((0, 1, 2)), ref.std((0, 1, 2))
    return np.clip((x - mx) / sx * sr + mr, 0, 1)


def oracle(a: np.ndarray, truth: np.ndarray, steps: int, extra: dict) -> object:
    """The ceiling: the same generator trained *paired* (L1 to the true style of the A crops, same
    steps, batch and lr, mirrored at random): what it can learn in that time, a diagnostic only."""
    import torch

    from gandsl.gan.translate_models import build_translate
    from gandsl.gan.translate_train import TranslateTrained

    spec = {"arch": "translate", "channels_a": 3, "channels_b": 3, "paired": False,
            "width": extra.get("width", 16), "blocks": extra.get("blocks", 4), "d_width": 32}
    torch.manual_seed(0)
    g, _ = build_translate(spec)
    opt = torch.optim.Adam(g.parameters(), lr=extra.get("lr", 2e-4), betas=(0.5, 0.999))
    gen = torch.Generator().manual_seed(0)
    xa = torch.from_numpy(a).float().div(127.5).sub(1)  # [N,3,s,s]
    xt = torch.from_numpy(truth).float().div(127.5).sub(1)
    for _ in range(steps):
        i = torch.randint(0, len(xa), (extra.get("batch", 4),), generator=gen)
        x, t = xa[i], xt[i]
        if torch.rand((), generator=gen) < 0.5:
            x, t = x.flip(3), t.flip(3)
        loss = (g(x) - t).abs().mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    return TranslateTrained({"G." + k: v for k, v in g.state_dict().items()}, {"model": spec, "step": steps})


def score(name: str, trained: object, work: Path, tag: str) -> list[dict]:
    """PSNR of the translator, the unchanged photo and Reinhard on the unseen photos; saves
    photo | truth | translator for each."""
    from gandsl.render.stylize import stylize

    fn = STYLES[name]
    ref = np.stack([fn(photo(n))[:, 128:] for n in TRAIN])
    rows = []
    for n in UNSEEN:
        im = photo(n)
        x, truth = np.asarray(im, np.float32) / 255, fn(im)
        y = stylize(np.asarray(im)[None], trained, 1.0, "cpu")[0].astype(np.float32) / 255
        Image.fromarray(np.concatenate([np.asarray(im), (truth * 255).round().astype(np.uint8),
                                        (y * 255).round().astype(np.uint8)], 1)).save(work / f"{tag}{n}.png")
        rows.append({"photo": n, "model": psnr(y, truth), "unchanged": psnr(x, truth),
                     "reinhard": psnr(reinhard(x, ref), truth)})
    return rows


def run_style(name: str, steps: int, out: Path, extra: dict, with_oracle: bool = False) -> dict:
    from gandsl.gan.translate_train import fit_translate
    from gandsl.ops.registry import get_op

    fn = STYLES[name]
    a_imgs = [np.asarray(photo(n), np.float32)[:, :128] / 255 for n in TRAIN]
    b_imgs = [fn(photo(n))[:, 128:] for n in TRAIN]
    a, b = crops(a_imgs, 256, 64, 1), crops(b_imgs, 256, 64, 2)
    params = {p.name: p.default for p in get_op("train", "translate").spec.params if not p.is_input}
    params.update(steps=steps, preview_every=0, checkpoint_every=steps, **extra)
    work = out / name
    shutil.rmtree(work, ignore_errors=True)  # never resume an earlier run's checkpoints
    work.mkdir(parents=True)
    ctx = RunContext(node=name, work_dir=work / "work", out_dir=work, tmp_dir=work)
    t0 = time.perf_counter()
    trained = fit_translate(ctx, params, a, b)
    seconds = time.perf_counter() - t0
    rows = score(name, trained, work, "")
    if with_oracle:
        truth = crops([fn(photo(n))[:, :128] for n in TRAIN], 256, 64, 1)  # the same crops as a
        t0 = time.perf_counter()
        ceiling = score(name, oracle(a, truth, steps, extra), work, "oracle_")
        for row, top in zip(rows, ceiling):
            row["oracle"] = top["model"]
        extra = {**extra, "oracle_s": round(time.perf_counter() - t0, 1)}
    return {"style": name, "kind": KINDS[name], "steps": steps, **extra, "train_s": round(seconds, 1),
            "steps_per_s": round(steps / seconds, 2), "load": round(os.getloadavg()[0], 1), "unseen": rows}


def frames_per_second() -> float:
    """stylize frames/s at 512x512 with the default translator (untrained weights: same cost)."""
    from gandsl.gan.translate_models import build_translate
    from gandsl.gan.translate_train import TranslateTrained
    from gandsl.render.stylize import stylize

    spec = {"arch": "translate", "channels_a": 3, "channels_b": 3, "paired": False, "width": 16,
            "blocks": 4, "d_width": 32}
    g, _ = build_translate(spec)
    trained = TranslateTrained({"G." + k: v for k, v in g.state_dict().items()}, {"model": spec, "step": 0})
    frames = np.random.default_rng(0).integers(0, 256, (8, 512, 512, 3), dtype=np.uint8)
    stylize(frames[:1], trained, 1.0, "cpu")
    t0 = time.perf_counter()
    stylize(frames, trained, 1.0, "cpu")
    return 8 / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=1200)
    ap.add_argument("--styles", default="warm,oil,ink")
    ap.add_argument("--out", type=Path, default=Path("/tmp/bench-translate"))
    ap.add_argument("--oracle", action="store_true", help="also train the generator paired (L1 to "
                    "the true style of the A crops): the ceiling column")
    ap.add_argument("--set", action="append", default=[], help="a translate param, NAME=NUMBER")
    args = ap.parse_args()
    extra = {k: float(v) if "." in v or "e" in v else int(v) for k, v in (s.split("=") for s in args.set)}
    print(json.dumps({"stylize_512_fps": round(frames_per_second(), 2)}), flush=True)
    for name in args.styles.split(","):
        r = run_style(name, args.steps, args.out, extra, args.oracle)
        for row in r["unseen"]:
            row.update({k: round(v, 2) for k, v in row.items() if isinstance(v, float)})
        print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
