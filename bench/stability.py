"""The stability toolkit on digits: learning rates x {nothing, clip_grad, cosine, plateau}.

    python bench/stability.py [--steps 300] [--lrs 1e-4,1e-3,1e-2,1e-1,1.0] [--variants plateau]

Each cell trains the quickstart's model (32 px digits, dcgan width 32, bce) with `lr = lr_d = LR`
and reports: `ok` with the SWD of 256 samples against the data (lower is better; real digits
against other real digits score the first row's `data` figure), `E310`/`E311`/`E313` when the run
stopped itself (diverged and detected), or `SILENT` when it finished with samples that are blank or
all alike (diverged and not detected). One thread per run, runs one after another.
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("GANDSL_THREADS", "1")

VARIANTS = {"nothing": {}, "clip_grad 1.0": {"clip_grad": 1.0},
            "cosine + warmup 50": {"lr_schedule": "cosine", "warmup": 50},
            "plateau (eval_every 50)": {"lr_schedule": "plateau", "eval_every": 50}}


def cell(data, spec, lr: float, extra: dict, steps: int, work: Path) -> str:
    """One run's outcome: `ok SWD`, the error code that stopped it, or SILENT."""
    import numpy as np
    import torch

    from gandsl.context import RunContext
    from gandsl.errors import NodeFailed
    from gandsl.gan import health
    from gandsl.gan.swd import swd
    from gandsl.ops.registry import get_op
    from gandsl.render.sample import generate

    params = {"steps": steps, "lr": lr, "lr_d": lr, "preview_every": 0, "checkpoint_every": 50, **extra}
    ctx = RunContext(node="t", work_dir=work, tmp_dir=work, out_dir=work)
    try:
        trained = get_op("train", "gan").run(ctx, params, {"model": spec, "data": data})
    except NodeFailed as err:
        return err.diagnostics[0].code
    z = np.random.default_rng(1).standard_normal((256, int(trained.latent)))
    fake = generate(trained, z, "cpu", 256)  # [N, H, W, C] uint8
    samples = torch.from_numpy(fake).permute(0, 3, 1, 2).float() / 127.5 - 1
    if health.degenerate(samples[:16]) or float(samples.std(dim=0).mean()) < 0.05:
        return "SILENT"
    real = data[np.random.default_rng(2).choice(len(data), 256, replace=False)]
    return f"ok {swd(real, fake.transpose(0, 3, 1, 2))['mean']:.0f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--lrs", default="1e-4,1e-3,1e-2,1e-1,1.0")
    ap.add_argument("--variants", default="", help="comma-separated words picking columns (default: all)")
    args = ap.parse_args()
    import numpy as np

    from gandsl.gan.swd import swd
    from gandsl.ops.registry import get_op

    data = get_op("data", "digits").run(None, {"size": 32, "channels": 1, "count": 4000, "seed": 0}, {})
    spec = get_op("model", "dcgan").run(None, {"latent": 64, "width": 32}, {})
    rng = np.random.default_rng(3)
    a, b = (data[rng.choice(len(data), 256, replace=False)] for _ in range(2))
    print(f"data vs data: SWD {swd(a, b)['mean']:.0f}; {args.steps} steps, GANDSL_THREADS="
          f"{os.environ['GANDSL_THREADS']}\n")
    words = [w for w in args.variants.split(",") if w]
    chosen = {k: v for k, v in VARIANTS.items() if not words or any(w in k for w in words)}
    print("| lr = lr_d | " + " | ".join(chosen) + " |")
    print("|---|" + "---|" * len(chosen))
    started = time.perf_counter()
    for lr in (float(x) for x in args.lrs.split(",")):
        row = []
        for extra in chosen.values():
            with tempfile.TemporaryDirectory() as tmp:
                row.append(cell(data, spec, lr, extra, args.steps, Path(tmp)))
        print(f"| {lr:g} | " + " | ".join(row) + " |", flush=True)
    print(f"\n{time.perf_counter() - started:.0f} s in all")


if __name__ == "__main__":
    main()
