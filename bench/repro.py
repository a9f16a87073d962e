"""Same recipe, same pixels: a small recipe run idle, with every core busy, killed with SIGKILL under
load and resumed, and with other numerics (threads, processes, precision) that key apart.

    python bench/repro.py [--steps 300] [--out out/bench-repro]

Prints a Markdown table: each variant's sample-sheet digest, its train key and the mean/max pixel
difference against the idle run. Variants that share the idle run's key must share its digest.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

RECIPE = """gandsl 1
data d = digits { size = 16 }
model m = dcgan { latent = 16  width = 16 }
train t = gan { model = m  data = d  steps = STEPS  seed = 5  checkpoint_every = 25  preview_every = 0 }
render s = sheet { from = t  grid = 6x6  out = "s.png" }
"""


def _burn() -> None:
    while True:
        pass


class Busy:
    """Every core kept busy by a spinning process while the block runs."""

    def __enter__(self) -> "Busy":
        self.procs = [multiprocessing.Process(target=_burn, daemon=True) for _ in range(os.cpu_count() or 1)]
        for p in self.procs:
            p.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for p in self.procs:
            p.kill()


def gandsl(folder: Path, cache: str, *args: str, env: dict | None = None, wait: bool = True):
    """Run the recipe into cache folder `cache`; returns the finished process (or the running one)."""
    cmd = [sys.executable, "-m", "gandsl", "run", "r.gan", "--cache-dir", cache,
           "--out", f"out-{cache}", "--log", f"{cache}.jsonl", *args]
    proc = subprocess.Popen(cmd, cwd=folder, env={**os.environ, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if wait:
        proc.output, _ = proc.communicate()
        if proc.returncode:
            raise SystemExit(f"{cache}: exit {proc.returncode}\n{proc.output}")
    return proc


def train_key(folder: Path, cache: str) -> str:
    for line in (folder / f"{cache}.jsonl").read_text().splitlines():
        e = json.loads(line)
        if e.get("node") == "t" and e.get("key"):
            return e["key"][:12]
    return "?"


def sheet(folder: Path, cache: str):
    import imageio.v3 as iio

    return iio.imread(folder / f"out-{cache}" / "s.png").astype(int)


def killed_under_load(folder: Path, cache: str, steps: int) -> None:
    """Start under load, SIGKILL after the first checkpoint past a third of the steps, resume."""
    with Busy():
        proc = gandsl(folder, cache, wait=False)
        target = folder / cache / "work"
        while not any(int(p.name[5:]) >= steps // 3 for p in target.glob("*/step-*")):
            if proc.poll() is not None:
                raise SystemExit("the run ended before it could be killed")
            time.sleep(0.05)
        proc.kill()
        proc.wait()
        resumed = gandsl(folder, cache)
    if "resuming from step" not in resumed.output:
        raise SystemExit(f"the killed run did not resume:\n{resumed.output}")


VARIANTS = [  # name, env, extra args, under load
    ("idle", {}, (), False),
    ("every core busy", {}, (), True),
    ("GANDSL_THREADS=1", {"GANDSL_THREADS": "1"}, (), False),
    ("--nproc 2", {}, ("--nproc", "2"), False),
    ("GANDSL_PRECISION=bf16", {"GANDSL_PRECISION": "bf16"}, (), False),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--out", default="out/bench-repro")
    args = ap.parse_args()
    folder = Path(args.out).resolve()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "r.gan").write_text(RECIPE.replace("STEPS", str(args.steps)))
    rows = []
    for i, (name, env, extra, load) in enumerate(VARIANTS):
        started = time.perf_counter()
        if load:
            with Busy():
                gandsl(folder, f"c{i}", *extra, env=env)
        else:
            gandsl(folder, f"c{i}", *extra, env=env)
        rows.append((name, f"c{i}", time.perf_counter() - started))
    started = time.perf_counter()
    killed_under_load(folder, "ck", args.steps)
    rows.append(("SIGKILL under load, resumed", "ck", time.perf_counter() - started))
    base = sheet(folder, "c0")
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.machine()) if Path("/proc/cpuinfo").exists() else platform.machine()
    from gandsl.numerics import cpu_has_amx

    cpu += ", AMX" if cpu_has_amx() else ", no AMX"
    print(f"machine: {os.cpu_count()} cores, {cpu}; {args.steps} steps; "
          f"load average before: {os.getloadavg()[0]:.2f}\n")
    print("| variant | train key | sheet sha256 | mean / max diff vs idle (of 255) | seconds |")
    print("|---|---|---|---|---|")
    for name, cache, seconds in rows:
        img = sheet(folder, cache)
        digest = hashlib.sha256((folder / f"out-{cache}" / "s.png").read_bytes()).hexdigest()[:12]
        d = abs(img - base)
        print(f"| {name} | {train_key(folder, cache)} | {digest} | {d.mean():.2f} / {d.max()} | {seconds:.1f} |")


if __name__ == "__main__":
    main()
