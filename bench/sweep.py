"""A 2x4 sweep against its 8 variants run one by one, local processes against local Ray, and
Ray's scheduling overhead per node.

    python bench/sweep.py                # loop, local sweep, Ray sweep (if Ray is installed)
    python bench/sweep.py --steps 200    # longer training
    python bench/sweep.py --multinode    # also a 2-node Ray cluster on this machine

Goals: nodes computed never more than the distinct keys; the sweep's wall time <= 0.6x the loop's
on 2 cores; Ray's overhead <= 1 s per node; the Ray sweep gives the local sweep's bytes.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RECIPE = """gandsl 1
param lr = 2e-4
param seed = 1

data d = digits {{
  size  = 16
  count = 256
}}

model m = dcgan {{
  latent = 8
  width  = 8
}}

train t = gan {{
  model = m
  data  = d
  steps = {steps}
  batch = 16
  lr    = lr
}}

walk w = great_circle {{
  from     = t
  duration = 1s
  fps      = 8
  grid     = 2x2
  seed     = seed
}}

render g = gif {{
  frames = w
  out    = "w.gif"
}}

render s = sheet {{
  from = t
  grid = 4x4
  seed = seed
  out  = "s.png"
}}
"""
LRS, SEEDS = ("2e-4", "4e-4"), ("1", "2", "3", "4")
GANDSL = [sys.executable, "-m", "gandsl"]


def timed(cmd: list[str], cwd: Path) -> tuple[float, str]:
    """Wall seconds and output of a command that must succeed."""
    start = time.perf_counter()
    out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out.stdout}\n{out.stderr}")
    return time.perf_counter() - start, out.stdout + out.stderr


def loop(work: Path) -> tuple[float, int]:
    """The 8 variants as `gandsl run --set`, one after another, against one cache."""
    total, ran = 0.0, 0
    for lr in LRS:
        for seed in SEEDS:
            log = work / f"loop-{lr}-{seed}.jsonl"
            seconds, _ = timed(GANDSL + ["run", "bench.gan", "--set", f"lr={lr}", "--set", f"seed={seed}",
                                         "-q", "--cache-dir", "loop-cache", "--log", str(log),
                                         "--out", f"loop/lr={lr},seed={seed}"], work)
            total += seconds
            ran += sum(json.loads(x)["event"] == "node_ran" for x in log.read_text().splitlines())
    return total, ran


def sweep(work: Path, name: str, *extra: str) -> tuple[float, int, int]:
    """A sweep of the same 8 variants: wall seconds, nodes computed, distinct nodes."""
    seconds, out = timed(GANDSL + ["sweep", "bench.gan", "--vary", "lr=" + ",".join(LRS),
                                   "--vary", "seed=" + ",".join(SEEDS), "--cache-dir", f"{name}-cache",
                                   "--out", name, *extra], work)
    found = re.search(r"(\d+) distinct, (\d+) computed", out.replace("\n", " "))
    assert found, out
    return seconds, int(found[2]), int(found[1])


def same_bytes(a: Path, b: Path, pattern: str = "*=*/*") -> tuple[int, int]:
    """Files of the variant folders under a that are byte-identical under b, of all."""
    files = sorted(p.relative_to(a) for p in a.glob(pattern) if p.is_file()
                   and not p.name.endswith("_preview.png"))
    same = sum((b / f).is_file() and (a / f).read_bytes() == (b / f).read_bytes() for f in files)
    return same, len(files)


def ray_overhead(work: Path, units: int, address: str | None, name: str = "overhead") -> dict[str, float]:
    """Driver wall time per node of a sweep of `units` trivial data nodes on an already running Ray."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from gandsl.engine.cache import Cache
    from gandsl.engine.sweep import build_sweep, make_variants, parse_vary
    from gandsl.engine.sweep_ray import connect, disconnect, run_ray
    from gandsl.engine.sweep_run import SweepRunner
    from gandsl.numerics import Numerics

    (work / "tiny.gan").write_text("gandsl 1\nparam n: int = 8\n\ndata d = shapes {\n"
                                   "  size  = 16\n  count = n\n}\n")
    os.chdir(work)
    start = time.perf_counter()
    connect(address)
    started = time.perf_counter() - start
    cache = Cache.open(work / f"{name}-cache")
    variants = make_variants([], parse_vary([f"n=8..{7 + units}"]))
    built = build_sweep(Path("tiny.gan"), variants, Numerics.detect("cpu"), cache.files)
    runner = SweepRunner(built, cache, work / name, "cpu")
    start = time.perf_counter()
    run_ray(runner, address)
    wall = time.perf_counter() - start
    disconnect()
    inside = sum(r.get("seconds", 0.0) for r in runner.results.values())
    pids = len({r.get("pid") for r in runner.results.values()})
    return {"start": started, "wall": wall, "per_node": wall / units, "in_tasks": inside / units,
            "workers": pids}


def multinode(work: Path, units: int) -> dict[str, float]:
    """A 2-node Ray cluster on this machine (ray.cluster_utils), the overhead sweep joined to it."""
    from ray.cluster_utils import Cluster

    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
    cluster.add_node(num_cpus=1)
    cluster.wait_for_nodes()
    try:
        return ray_overhead(work, units, cluster.address, "multinode")
    finally:
        import ray

        ray.shutdown()
        cluster.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--units", type=int, default=16, help="trivial nodes for Ray's overhead")
    parser.add_argument("--multinode", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gandsl-sweep-bench-"))
    (work / "bench.gan").write_text(RECIPE.format(steps=args.steps))
    print(f"machine: {os.cpu_count()} cores; load before: {os.getloadavg()[0]:.1f}")
    loop_s, loop_ran = loop(work)
    print(f"one by one (8 x gandsl run): {loop_s:7.1f} s, {loop_ran} nodes computed")
    local_s, local_ran, distinct = sweep(work, "local", "--jobs", "2")
    same, files = same_bytes(work / "loop", work / "local")
    print(f"sweep, local --jobs 2:       {local_s:7.1f} s, {local_ran} nodes computed, {distinct} "
          f"distinct; {local_s / loop_s:.2f}x the loop; {same}/{files} files identical to the loop's")
    try:
        import ray  # noqa: F401
    except ImportError:
        print("Ray is not installed: pip install 'gandsl[ray]' for the Ray figures")
        return
    ray_s, ray_ran, _ = sweep(work, "ray", "--executor", "ray")
    same, files = same_bytes(work / "local", work / "ray")
    print(f"sweep, local Ray:            {ray_s:7.1f} s, {ray_ran} nodes computed; "
          f"{same}/{files} files identical to the local sweep's")
    o = ray_overhead(work, args.units, None)
    print(f"Ray overhead: start {o['start']:.1f} s; {args.units} trivial nodes in {o['wall']:.1f} s: "
          f"{o['per_node']:.2f} s per node, of which {o['in_tasks']:.2f} s inside the task")
    if args.multinode:
        o = multinode(work, args.units)
        print(f"2-node Ray cluster on this machine: {args.units} trivial nodes in {o['wall']:.1f} s: "
              f"{o['per_node']:.2f} s per node, in {o['workers']} worker processes")
    print(f"load after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
