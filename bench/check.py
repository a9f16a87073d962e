"""Measure `gandsl check` on a typical recipe: wall time with interpreter start, and in-process.

Usage: python bench/check.py [RECIPE] [--runs N]. Goal: well under 0.5 s wall per check.
       python bench/check.py --scale: check and plan of generated recipes of 20, 200 and 2,000
       nodes in-process (goal: <= 1 s each at 2,000 nodes, growth no worse than linear).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def user_env() -> dict[str, str]:
    """The environment of a normal install: bytecode caching on (kept out of the tree)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(os.environ.get("TMPDIR", "/tmp")) / "gandsl-bench-pycache")
    return env


def wall_times(recipe: Path, runs: int, env: dict[str, str]) -> list[float]:
    """Seconds per `python -m gandsl check RECIPE`, interpreter start included (after a warm-up)."""
    command = [sys.executable, "-m", "gandsl", "check", str(recipe)]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)
        times.append(time.perf_counter() - start)
    return times


def in_process_times(recipe: Path, runs: int) -> tuple[float, list[float]]:
    """Seconds of the first load_recipe (imports, parser build) and of warm repeats."""
    start = time.perf_counter()
    from gandsl.engine.session import load_recipe

    load_recipe(recipe)
    first = time.perf_counter() - start
    warm = []
    for _ in range(runs):
        start = time.perf_counter()
        load_recipe(recipe)
        warm.append(time.perf_counter() - start)
    return first, warm


def scaled_recipe(nodes: int) -> str:
    """A recipe of `nodes` nodes: data, model, train, then walks and a gif of each."""
    lines = ["gandsl 1", "data d = digits { size = 16 }", "model m = dcgan {}",
             "train t = gan { model = m  data = d  steps = 10 }"]
    for i in range((nodes - 3) // 2):
        lines.append(f"walk w{i} = slerp {{ from = t  seed = {i}  frames = 8 }}")
        lines.append(f"render r{i} = gif {{ frames = w{i} }}")
    return "\n".join(lines) + "\n"


def scale(folder: Path) -> None:
    """check and plan (in-process, warm) of 20, 200 and 2,000-node recipes."""
    from gandsl.engine.dag import build_graph
    from gandsl.engine.plan import make_plan
    from gandsl.engine.session import load_recipe

    load_recipe(ROOT / "recipes" / "quickstart.gan")  # imports and the parser, once
    for n in (20, 200, 2000):
        path = folder / f"n{n}.gan"
        path.write_text(scaled_recipe(n))
        start = time.perf_counter()
        recipe = load_recipe(path)
        checked = time.perf_counter() - start
        make_plan(build_graph(recipe), (), ())
        planned = time.perf_counter() - start
        print(f"{len(recipe.nodes):5d} nodes: check {checked:.3f} s, check + graph + plan {planned:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("recipe", nargs="?", default=str(ROOT / "recipes" / "spec_example.gan"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", action="store_true", help="20 / 200 / 2,000-node recipes")
    args = parser.parse_args()
    if args.scale:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            scale(Path(tmp))
        return
    recipe = Path(args.recipe)
    walls = wall_times(recipe, args.runs, user_env())
    cold = wall_times(recipe, args.runs, dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    first, warm = in_process_times(recipe, args.runs)
    print(f"recipe: {recipe.name}")
    print(f"gandsl check wall (with interpreter start): median {statistics.median(walls):.3f} s, "
          f"min {min(walls):.3f} s, max {max(walls):.3f} s over {args.runs} runs")
    print(f"  without bytecode caching (PYTHONDONTWRITEBYTECODE=1): median "
          f"{statistics.median(cold):.3f} s")
    print(f"in-process first load_recipe: {first * 1000:.1f} ms; "
          f"warm: median {statistics.median(warm) * 1000:.1f} ms")
    baseline = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    print(f"bare interpreter start: {time.perf_counter() - baseline:.3f} s")


if __name__ == "__main__":
    main()
