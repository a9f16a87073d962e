"""Tileable patterns: seams, palette, motifs, SWD and speed of `pattern` models on a floral print.

    python bench/patterns.py source              # writes the floral print the bench trains on
    python bench/patterns.py train [--steps 1500] [--set width=32 ...] [--train-set loss=hinge ...]
    python bench/patterns.py train --name plain --set periodic=0   # without sine channels

The source is a procedural floral print (seeded; flowers of five petals and two leaves on a
jittered lattice over a cream ground), 512 x 512, so nothing is downloaded. `train` runs
`textures { image = floral.png  size = 64  crop = 128 }` -> `pattern` -> `train gan` through the
engine, then measures 8 swatches of 256 x 256 and 16 walk frames of 128 x 192:
- seam: the wrap-around step over the median neighbour step (gandsl/render/seams.py); ~1 tiles;
  beside it the 95th percentile of the same statistic on every interior line (a perfect tile's
  seam is just another line, so it varies as they do), and `seam_boundary_max`: the wrap over
  the other lines at a noise-cell boundary (the wrap always is one), ~1 for a perfect tile;
- palette: histogram intersection (0-100) over the source's 6 k-means colours (ground, four
  inks, their edge), of the 8 swatches pooled and of each swatch (mean, worst); `palette_motifs`
  the same over the 5 colours of the non-ground pixels (the flowers' mix); beside them the same
  figures of 8 random 256 px crops of a second print of the same kind (like for like: the
  source at the training scale is itself only 256 px);
- motifs: blobs of non-ground colour (at least a quarter of the source's median blob) per
  10,000 px, and their median area, against source crops of the same size;
- swd: gandsl/gan/swd.py against 64 px source crops (x1000, lower is closer);
- time: wall and CPU seconds (of both cores) of training, of the 256 px swatches and walk, and of
  a 2048 x 2048 swatch (each a `gandsl run`, so with Python and torch start-up).
Every run prints `uptime`: the 2 cores are shared with other engineers.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path("/tmp/gandsl-bench-patterns")
PETALS = [(196, 62, 88), (232, 150, 60), (120, 80, 170)]


def uptime() -> str:
    """The load averages, as `uptime` prints them."""
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def floral(size: int = 512, seed: int = 0) -> np.ndarray:
    """The floral print, uint8 [size, size, 3]: flowers on a jittered lattice, 64 px apart."""
    from PIL import Image, ImageDraw

    rng = np.random.default_rng(seed)
    img = Image.new("RGB", (size, size), (238, 228, 205))
    draw = ImageDraw.Draw(img)
    for y in range(32, size, 64):
        for x in range(32 + 32 * ((y // 64) % 2), size + 32, 64):
            cx, cy = x + rng.uniform(-8, 8), y + rng.uniform(-8, 8)
            r, turn = rng.uniform(6, 9), rng.uniform(0, 2 * np.pi)
            for a in (turn + 2.4, turn + 3.6):  # two leaves
                lx, ly = cx + 16 * np.cos(a), cy + 16 * np.sin(a)
                draw.ellipse([lx - 7, ly - 4, lx + 7, ly + 4], fill=(70, 120, 60))
            colour = PETALS[int(rng.integers(len(PETALS)))]
            for k in range(5):
                a = turn + 2 * np.pi * k / 5
                px, py = cx + r * np.cos(a), cy + r * np.sin(a)
                draw.ellipse([px - r * 0.8, py - r * 0.8, px + r * 0.8, py + r * 0.8], fill=colour)
            draw.ellipse([cx - 3.5, cy - 3.5, cx + 3.5, cy + 3.5], fill=(245, 205, 70))
    return np.asarray(img)


def palette(image: np.ndarray, k: int = 6, seed: int = 0) -> np.ndarray:
    """k colours of the image by k-means (float [k, 3]), the most common (the ground) first.

    Seeded k-means++ (each start drawn far from the chosen ones): started from random pixels,
    three of the six landed on shades of the cream ground and the inks shared the rest."""
    px = image.reshape(-1, 3).astype(np.float64)
    rng = np.random.default_rng(seed)
    centres = px[[rng.integers(len(px))]]
    while len(centres) < k:
        d = ((px[:, None] - centres[None]) ** 2).sum(-1).min(1)
        centres = np.concatenate([centres, px[[rng.choice(len(px), p=d / d.sum())]]])
    for _ in range(30):
        near = ((px[:, None] - centres[None]) ** 2).sum(-1).argmin(1)
        centres = np.stack([px[near == i].mean(0) if (near == i).any() else centres[i] for i in range(k)])
    counts = np.bincount(near, minlength=k)
    return centres[np.argsort(-counts)]


def shares(image: np.ndarray, colours: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(each pixel's nearest palette index [H, W], the share of each colour [k])."""
    px = image.reshape(-1, 3).astype(np.float64)
    near = ((px[:, None] - colours[None]) ** 2).sum(-1).argmin(1)
    return near.reshape(image.shape[:2]), np.bincount(near, minlength=len(colours)) / len(near)


def blobs(image: np.ndarray, ground: np.ndarray, least: float) -> tuple[int, float]:
    """(blobs at least `least` px of colour far from the ground's, their median area), uint8 [H, W, 3]."""
    from scipy import ndimage

    far = np.linalg.norm(image.astype(np.float64) - ground, axis=-1) > 60  # [H,W]
    labels, _ = ndimage.label(far)
    areas = np.bincount(labels.ravel())[1:]
    big = areas[areas >= least]
    return len(big), float(np.median(big)) if len(big) else 0.0


def _far(image: np.ndarray, ground: np.ndarray) -> np.ndarray:
    """The pixels [n, 3] of colours far from the ground's."""
    px = image.reshape(-1, 3)
    return px[np.linalg.norm(px.astype(np.float64) - ground, axis=-1) > 60]


def inside_lines(image: np.ndarray) -> np.ndarray:
    """The seam statistic of every interior line, as if the wrap were there: each step between
    neighbouring columns (rows) over the median of them all. A perfect tile's seam is one of these."""
    x = image.astype(np.float64)
    steps = np.concatenate([np.abs(np.diff(x, axis=1)).mean(axis=(0, 2)),
                            np.abs(np.diff(x, axis=0)).mean(axis=(1, 2))])
    return steps / max(float(np.median(steps)), 1e-6)


def boundary_seam(image: np.ndarray, cell: int = 16) -> float:
    """The wrap step over the mean step of the interior lines at the same place in a noise cell.

    A generator's steps depend on where in its cell a line lies (content sits at preferred
    places), and the wrap is always a cell boundary: so the seam statistic of a perfect tile is
    the model's step there, not 1. Against the other cell boundaries a perfect tile scores ~1."""
    x = image.astype(np.float64)
    cols = np.abs(np.diff(np.concatenate([x, x[:, :1]], 1), axis=1)).mean(axis=(0, 2))  # [W] the wrap last
    rows = np.abs(np.diff(np.concatenate([x, x[:1]], 0), axis=0)).mean(axis=(1, 2))  # [H]
    ends = [steps[cell - 1::cell] for steps in (cols, rows)]  # steps across cell boundaries
    wrap, inside = np.mean([e[-1] for e in ends]), np.mean([e[:-1].mean() for e in ends])
    return float(wrap / max(float(inside), 1e-6))


def measure(images: list[np.ndarray], source: np.ndarray) -> dict[str, Any]:
    """Seam (worst), palette points, motifs per 10k px and median motif area, against the source."""
    from gandsl.render.seams import seam_score

    colours = palette(source)
    _, want = shares(source, colours)
    _, area = blobs(source, colours[0], 4)
    least = area / 4
    src_n, _ = blobs(source, colours[0], least)
    found = [blobs(im, colours[0], least) for im in images]
    pixels = sum(im.shape[0] * im.shape[1] for im in images)
    each = [shares(im, colours)[1] for im in images]
    inks = palette(_far(source, colours[0])[None], 5)  # the motifs' own colours
    want_inks = shares(_far(source, colours[0])[None], inks)[1]
    each_inks = [shares(_far(im, colours[0])[None], inks)[1] for im in images]
    each_inks = [s for s in each_inks if np.isfinite(s).all()]  # an image without motifs has none
    points = [100 * float(np.minimum(want, s).sum()) for s in each]
    points_inks = [100 * float(np.minimum(want_inks, s).sum()) for s in each_inks] or [0.0]
    return {"seam_max": round(max(seam_score(im) for im in images), 3),
            "seam_boundary_max": round(max(boundary_seam(im) for im in images), 3),
            "seam_inside_p95": round(float(np.percentile(np.concatenate([inside_lines(im) for im in images]), 95)), 3),
            "palette": round(100 * float(np.minimum(want, np.mean(each, axis=0)).sum()), 1),
            "palette_each": [round(float(np.mean(points)), 1), round(min(points), 1)],
            "palette_motifs": round(100 * float(np.minimum(want_inks, np.mean(each_inks, axis=0)).sum()), 1),
            "palette_motifs_each": [round(float(np.mean(points_inks)), 1), round(min(points_inks), 1)],
            "motifs_per_10k": round(1e4 * sum(n for n, _ in found) / pixels, 2),
            "source_motifs_per_10k": round(1e4 * src_n / (source.shape[0] * source.shape[1]), 2),
            "motif_area": round(float(np.median([a for n, a in found if n])), 1) if any(n for n, _ in found) else 0,
            "source_motif_area": round(area, 1)}


def recipe(steps: int, model: dict[str, str], train: dict[str, str]) -> str:
    """The bench recipe: floral crops, a pattern model, swatches, a walk, a print-size swatch."""
    m = "  ".join(f"{k} = {v}" for k, v in {"latent": "32", "width": "16", **model}.items())
    t = "  ".join(f"{k} = {v}" for k, v in {"loss": '"lsgan"', "n_critic": "1",
                                             "augment": '["translation"]', **train}.items())
    return f"""gandsl 1
data cloth = textures {{ image = "floral.png"  size = 64  crop = 128  count = 2000 }}
model m = pattern {{ {m} }}
train t = gan {{ model = m  data = cloth  steps = {steps}  {t} }}
render sw = swatch {{ from = t  size = 256x256  seeds = 0..7 }}
walk fabric = noise_loop {{ from = t  size = 192x128  frames = 16  radius = 0.3 }}
render fr = frames {{ frames = fabric }}
render big = swatch {{ from = t  size = 2048x2048  seeds = [1]  repeat = 1x1 }}
render sheet = sheet {{ from = t  grid = 4x4 }}
"""


def gandsl(folder: Path, *args: str) -> tuple[float, float]:
    """Run `gandsl run` on the bench recipe; (wall seconds, CPU seconds) of the run."""
    import resource

    start, cpu = time.perf_counter(), _child_cpu(resource)
    subprocess.run([sys.executable, "-m", "gandsl", "run", str(folder / "bench.gan"), "-q",
                    "--cache-dir", str(folder / "cache"), "--out", str(folder / "out"), *args], check=True)
    return round(time.perf_counter() - start, 1), round(_child_cpu(resource) - cpu, 1)


def _child_cpu(resource: Any) -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def pairs(values: list[str]) -> dict[str, str]:
    return dict(v.split("=", 1) for v in values)


def train(args: Any) -> None:
    """Train through the engine, then time the renders and measure swatches and walk frames."""
    from PIL import Image

    folder = OUT / args.name
    folder.mkdir(parents=True, exist_ok=True)
    Image.fromarray(floral()).save(folder / "floral.png")
    (folder / "bench.gan").write_text(recipe(args.steps, pairs(args.set), pairs(args.train_set)))
    load, seconds = uptime(), {}
    if not args.measure:
        seconds = {"train": gandsl(folder, "--only", "t"),
                   "renders": gandsl(folder, "--only", "sw", "--only", "fr"),
                   "swatch_2048": gandsl(folder, "--only", "big")}
        gandsl(folder, "--only", "sheet")
    source = np.asarray(Image.fromarray(floral()).resize((256, 256), Image.LANCZOS))
    out = folder / "out"
    swatches = [np.asarray(Image.open(p)) for p in sorted((out / "sw").glob("seed-*.png"))]
    frames = [np.asarray(Image.open(p)) for p in sorted((out / "fr").glob("*.png"))]
    report = {"name": args.name, "steps": args.steps, "set": args.set, "train_set": args.train_set,
              "seconds (wall, cpu)": seconds, "uptime_before": load,
              "uptime_after": uptime(), "swatches": measure(swatches, source),
              "walk_seam_max": measure(frames, source)["seam_max"], "swd": swd(swatches, source),
              "source_crops": measure(reference_crops(len(swatches), swatches[0].shape[0]), source)}
    print(json.dumps(report, indent=1))
    (folder / "report.json").write_text(json.dumps(report, indent=1))


def reference_crops(n: int, side: int) -> list[np.ndarray]:
    """n random side-px crops, at the training scale, of another print of the same kind (seed 1,
    four times the area): what the source itself scores measured like the swatches."""
    from PIL import Image

    big = np.asarray(Image.fromarray(floral(1024, seed=1)).resize((512, 512), Image.LANCZOS))
    rng = np.random.default_rng(0)
    spots = rng.integers(0, 512 - side + 1, (n, 2))
    return [big[y:y + side, x:x + side] for y, x in spots]


def swd(swatches: list[np.ndarray], source: np.ndarray) -> float:
    """SWD (x1000) between 64 px crops of the swatches and of the (training-scale) source."""
    from gandsl.gan.swd import swd as distance

    rng = np.random.default_rng(0)

    def crops(images: list[np.ndarray], n: int) -> np.ndarray:
        out = []
        for i in range(n):
            im = images[i % len(images)]
            y, x = rng.integers(0, im.shape[0] - 63), rng.integers(0, im.shape[1] - 63)
            out.append(im[y:y + 64, x:x + 64].transpose(2, 0, 1))
        return np.stack(out)

    return distance(crops([source], 64), crops(swatches, 64))["mean"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=("source", "train"))
    parser.add_argument("--name", default="default")
    parser.add_argument("--steps", type=int, default=1500)
    parser.add_argument("--set", action="append", default=[], help="model param, e.g. width=16")
    parser.add_argument("--train-set", action="append", default=[], help="train param, e.g. lr=1e-4")
    parser.add_argument("--measure", action="store_true", help="measure the last run's outputs again")
    args = parser.parse_args()
    if args.what == "source":
        from PIL import Image

        OUT.mkdir(parents=True, exist_ok=True)
        Image.fromarray(floral()).save(OUT / "floral.png")
        print(OUT / "floral.png")
    else:
        train(args)


if __name__ == "__main__":
    main()
