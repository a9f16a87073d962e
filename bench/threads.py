"""Training speed by thread count: a model (fastgan, dcgan) at 64 px on 100 stars, steps/s after a
short warm-up, with the settings bench/fewshot.py trains with.

Run it idle, then beside other work, to see which `GANDSL_THREADS` suits a busy machine:

    GANDSL_THREADS=1 python bench/threads.py; GANDSL_THREADS=2 python bench/threads.py [--model dcgan]
"""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import gandsl  # noqa: F401  (before torch: gandsl's OpenMP spin limit)

import fewshot  # bench/fewshot.py, beside this file


def main(model: str, steps: int = 150, out: Path = Path("/tmp/bench-threads")) -> None:
    data = fewshot.star_set(100, 0)
    fewshot.train(model, data, 10, out / "warm")
    rate = fewshot.rate(model, data, out / "run", steps)
    print(json.dumps({"model": model, "threads": os.environ.get("GANDSL_THREADS", "default"),
                      "steps_per_s": round(rate, 2), "load": round(os.getloadavg()[0], 2)}))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="fastgan", choices=("fastgan", "dcgan"))
    ap.add_argument("--steps", type=int, default=150)
    args = ap.parse_args()
    main(args.model, args.steps)
