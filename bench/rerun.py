"""Wall time of an unchanged `gandsl run` rerun and of `gandsl plan`, as ratios to `import torch`.

    python bench/rerun.py                       # a small data-only recipe
    python bench/rerun.py RECIPE [--set N=V]... # any recipe (its first run fills the cache)

Goal: an unchanged rerun well under 1.0 × the time it takes just to import torch.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA_RECIPE = """\
data blobs = shapes {
  size  = 16
  count = 256
}
data digits = digits {
  size = 16
}
"""


def wall(cmd: list[str], env: dict[str, str], cwd: Path, reps: int) -> float:
    """Median wall seconds of a command over reps runs (it must succeed)."""
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Measure and print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("recipe", nargs="?", help="recipe to rerun (default: data-only)")
    parser.add_argument("--set", action="append", default=[], dest="sets")
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gandsl-bench-"))
    recipe = Path(args.recipe).resolve() if args.recipe else work / "data.gan"
    if not args.recipe:
        recipe.write_text(DATA_RECIPE)
    env = dict(os.environ, GANDSL_CACHE_DIR=str(work / "cache"), OMP_NUM_THREADS="1")
    gandsl = [sys.executable, "-m", "gandsl"]
    sets = [x for s in args.sets for x in ("--set", s)]
    cold = wall(gandsl + ["run", str(recipe), "-q", *sets], env, work, 1)
    torch = wall([sys.executable, "-c", "import torch"], env, work, args.reps)
    rerun = wall(gandsl + ["run", str(recipe), "-q", *sets], env, work, args.reps)
    plan = wall(gandsl + ["plan", str(recipe), *sets], env, work, args.reps)
    print(f"recipe            {recipe.name}")
    print(f"first run         {cold:7.2f} s")
    print(f"import torch      {torch:7.2f} s")
    print(f"unchanged rerun   {rerun:7.2f} s   ratio {rerun / torch:.2f}")
    print(f"plan              {plan:7.2f} s   ratio {plan / torch:.2f}")


if __name__ == "__main__":
    main()
