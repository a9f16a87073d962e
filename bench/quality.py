"""How well do trained digits read? An independent classifier judges GAN samples vs real digits.

    python bench/quality.py conditional   [--steps 2000] [--set loss=hinge ...] [--model-set width=32]
    python bench/quality.py unconditional [--steps 3000] [--set ...] [--model-set ...]
    python bench/quality.py real          # the classifier against real digits only

The judge is scikit-learn's SVC (probabilities calibrated) trained on the `digits` data op's own
images (seed 101, 3000 images, labelled), each 32x32 tile area-downsampled to 16x16 in [0, 1] —
the same framing as a sheet cell of a 32 px model. It never sees GAN output while training.

- conditional: for each class, 100 samples drawn with that class; `read as intended` is the
  share the judge assigns to the intended digit (real digits: the judge's test accuracy);
  `within-class diversity` the mean pairwise L2 distance between samples of one class (a
  generator that ignores z and draws one image per class reads 100% but scores near 0).
- unconditional: `confident` is the share of samples whose top probability exceeds 0.9, `classes`
  how many digits appear among those, `entropy` the entropy of their predicted labels (3.32 bits
  = all ten equally often), `diversity` the mean pairwise L2 distance of samples in pixel space;
  each beside the same numbers for real digits from the data op (seed 202).

Every run prints `uptime` (the machine is shared), wall and CPU seconds, and steps/s.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import numpy as np

import gandsl  # noqa: F401  (before torch: gandsl's OpenMP spin limit, so a busy machine is not made busier)
import torch

SIZE = 32


def uptime() -> str:
    """The load averages, as `uptime` prints them."""
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def digits(count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Labelled images from the `digits` data op: uint8 [N, 1, 32, 32] and labels [N]."""
    from gandsl.data.digits import make_labelled_digits

    return make_labelled_digits(SIZE, count, seed)


def feats(images: np.ndarray) -> np.ndarray:
    """uint8 [N, 1, 32, 32] -> [N, 256]: 16x16 area-downsampled, in [0, 1]."""
    x = torch.from_numpy(np.ascontiguousarray(images)).float() / 255
    return torch.nn.functional.avg_pool2d(x, 2).flatten(1).numpy()


def judge_model() -> Any:
    """The calibrated SVC trained on 3000 labelled digits of the data op."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.svm import SVC

    x, y = digits(3000, 101)
    return CalibratedClassifierCV(SVC(), ensemble=False).fit(feats(x), y)


def spread(images: np.ndarray, clf: Any) -> dict[str, float]:
    """Confident share, classes among confident samples, label entropy, pixel diversity."""
    p = clf.predict_proba(feats(images))
    sure = p.max(1) > 0.9
    counts = np.bincount(p.argmax(1)[sure], minlength=10)
    q = counts / max(1, counts.sum())
    return {"confident": float(sure.mean()), "classes": int((counts > 0).sum()),
            "entropy": float(-(q[q > 0] * np.log2(q[q > 0])).sum()),
            "diversity": mean_distance(images[:200])}


def mean_distance(images: np.ndarray) -> float:
    """Mean pairwise L2 distance between uint8 images, pixels scaled to [0, 1]."""
    flat = images.reshape(len(images), -1).astype(np.float32) / 255
    dist = np.sqrt(((flat[:, None] - flat[None]) ** 2).sum(-1))
    return float(dist[np.triu_indices(len(flat), 1)].mean())


def within_class(images: np.ndarray, labels: np.ndarray) -> float:
    """mean_distance between images of the same class (at most 100 each), averaged over classes."""
    return float(np.mean([mean_distance(images[labels == k][:100]) for k in np.unique(labels)]))


def show(name: str, s: dict[str, float]) -> str:
    return (f"{name}: confident {s['confident']:.0%}, classes {s['classes']}/10, "
            f"entropy {s['entropy']:.2f}/3.32 bits, diversity {s['diversity']:.2f}")


def parse_sets(items: list[str], spec: Any) -> dict[str, Any]:
    """`k=v` strings typed after an op's defaults (lists comma-separated)."""
    out: dict[str, Any] = {}
    for item in items:
        k, v = item.split("=", 1)
        default = spec.param(k).default
        if isinstance(default, list):
            out[k] = [type(default[0])(x) if default else x for x in v.split(",") if x]
        elif isinstance(default, bool):
            out[k] = v.lower() in ("1", "true", "yes")
        elif not isinstance(default, str) and default is not None:
            out[k] = type(default)(v)
        else:
            out[k] = v
    return out


def train(args: argparse.Namespace, conditional: bool) -> tuple[Any, float, float]:
    """Train with the train op's defaults plus --set; (trained, wall s, CPU s).

    With --trained DIR, load that checkpoint or train-node cache entry instead (times 0).
    """
    if args.trained:
        from gandsl.gan.checkpoint import Trained

        return Trained.load(Path(args.trained)), 0.0, 0.0
    from gandsl.ops import train_gan
    from gandsl.context import RunContext
    from gandsl.ops.registry import get_op

    mop = get_op("model", args.model)
    model = mop.run(None, {p.name: p.default for p in mop.spec.params} |
                    parse_sets(args.model_set, mop.spec), {})
    params = {p.name: p.default for p in train_gan.SPEC.params if not p.is_input}
    params.update(steps=args.steps, conditional=conditional, preview_every=0)
    params.update(parse_sets(args.set, train_gan.SPEC))
    data = get_op("data", "digits").run(None, {"size": SIZE, "channels": 1, "count": 4000, "seed": 0}, {})
    out = Path(args.out) / ("cond" if conditional else "uncond") / f"{time.time():.0f}"
    out.mkdir(parents=True, exist_ok=True)
    ctx = RunContext(node="bench", work_dir=out, out_dir=out, tmp_dir=out, device=args.device)
    print(f"train {'conditional' if conditional else 'unconditional'} {args.model} "
          f"{model} {args.steps} steps, {' '.join(args.set) or 'defaults'}")
    wall, cpu = time.perf_counter(), time.process_time()
    trained = train_gan.run(ctx, params, {"model": model, "data": data})
    return trained, time.perf_counter() - wall, time.process_time() - cpu


def sample(trained: Any, n: int, classes: np.ndarray | None, seed: int = 1,
           truncation: float = 1.0) -> np.ndarray:
    """uint8 [n, 1, 32, 32] samples (classes [n] for a conditional generator)."""
    from gandsl.render.sample import generate

    z = np.random.default_rng(seed).standard_normal((n, trained.latent)) * truncation
    return generate(trained, z, "cpu", 100, cond=classes).transpose(0, 3, 1, 2)


def timing(steps: int, wall: float, cpu: float) -> str:
    if not wall:
        return f"judged a trained checkpoint; {uptime()}"
    return (f"{steps} steps in {wall:.0f} s wall, {cpu:.0f} CPU-s ({cpu / 2:.0f} s on 2 idle cores); "
            f"{steps / wall:.1f} steps/s; {uptime()}")


def conditional(args: argparse.Namespace) -> None:
    """Share of per-class samples the judge reads as the intended digit."""
    clf = judge_model()
    trained, wall, cpu = train(args, True)
    y = np.repeat(np.arange(10), 100)
    xr, yr = digits(1000, 202)
    print(timing(args.steps, wall, cpu))
    for t in args.truncation:
        images = sample(trained, len(y), y, truncation=t)
        pred = clf.predict(feats(images))
        per = [float((pred[y == k] == k).mean()) for k in range(10)]
        print(f"conditional samples (truncation {t:g}) read as intended: {float((pred == y).mean()):.1%} "
              f"(per class {' '.join(f'{p:.0%}' for p in per)}); within-class diversity "
              f"{within_class(images, y):.2f}; {show('all', spread(images, clf))}")
    print(f"real digits read correctly: {clf.score(feats(xr), yr):.1%}; within-class diversity "
          f"{within_class(xr, yr):.2f}; {show('real', spread(xr, clf))}")
    write_sheet(args, trained, y[::10], "conditional")


def unconditional(args: argparse.Namespace) -> None:
    """Confidence and spread of unconditional samples vs real digits."""
    clf = judge_model()
    trained, wall, cpu = train(args, False)
    xr, _ = digits(1000, 202)
    print(timing(args.steps, wall, cpu))
    for t in args.truncation:
        print(show(f"samples (truncation {t:g})", spread(sample(trained, 1000, None, truncation=t), clf)))
    print(show("real digits", spread(xr, clf)))
    write_sheet(args, trained, None, "unconditional")


def write_sheet(args: argparse.Namespace, trained: Any, classes: np.ndarray | None, name: str) -> None:
    """A 10x10 sheet of samples (rows = classes when conditional) under --out."""
    from gandsl.gan.preview import grid, write_png

    imgs = sample(trained, 100, None if classes is None else np.repeat(np.arange(10), 10), seed=3)
    path = Path(args.out) / f"{name}_sheet.png"
    write_png(grid(imgs, cols=10), path, scale=2)
    print(f"sheet: {path}")


def real(args: argparse.Namespace) -> None:
    clf = judge_model()
    xr, yr = digits(1000, 202)
    print(f"judge accuracy on real digits {clf.score(feats(xr), yr):.1%}; {show('real', spread(xr, clf))}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=["conditional", "unconditional", "real"])
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--set", nargs="*", default=[], help="train params, e.g. loss=hinge")
    ap.add_argument("--model", default="dcgan", choices=["dcgan", "resnet", "fastgan"])
    ap.add_argument("--model-set", nargs="*", default=[], help="model params, e.g. width=32")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--trained", default=None, help="judge this checkpoint folder instead of training")
    ap.add_argument("--truncation", nargs="*", type=float, default=[1.0, 0.8],
                    help="judge samples at each latent truncation")
    ap.add_argument("--out", default="out/bench-quality")
    args = ap.parse_args()
    {"conditional": conditional, "unconditional": unconditional, "real": real}[args.what](args)


if __name__ == "__main__":
    main()
