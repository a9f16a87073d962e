"""Training speed by thread count: fastgan at 64 px on 100 stars, steps/s after a short warm-up.

Run it idle, then beside other work, to see which `GANDSL_THREADS` suits a busy machine:

    GANDSL_THREADS=1 python bench/threads.py; GANDSL_THREADS=2 python bench/threads.py
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import gandsl  # noqa: F401  (before torch: gandsl's OpenMP spin limit)

import fewshot  # bench/fewshot.py, beside this file


def main(steps: int = 150, out: Path = Path("/tmp/bench-threads")) -> None:
    data = fewshot.star_set(100, 0)
    fewshot.train("fastgan", data, 10, out / "warm")
    t0 = time.perf_counter()
    fewshot.train("fastgan", data, steps, out / "run")
    rate = steps / (time.perf_counter() - t0)
    print(json.dumps({"threads": os.environ.get("GANDSL_THREADS", "default"), "steps_per_s": round(rate, 2),
                      "load": round(os.getloadavg()[0], 2)}))


if __name__ == "__main__":
    main()
