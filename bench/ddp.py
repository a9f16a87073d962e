"""Data-parallel training throughput: images/s of gandsl's train step for N = 1, 2, ... processes.

    python bench/ddp.py [--nproc 1 2] [--steps 60 --warmup 10 --batch 64 --device cpu]

Each N runs the real training step (global-batch draws sliced per rank, sync batch norm, one flat
gradient all-reduce per network and step) under torchrun (`--standalone`, gloo on CPU, NCCL on
CUDA with one process per GPU); rank 0 times `steps` steps after `warmup` and prints images/s of
the global batch. N = 1 runs in-process without a group. The digits DCGAN of the quickstart
(32 px, latent 64, width 32). On CPU each process gets cores // N threads (GANDSL_THREADS).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

SPEC = {"arch": "dcgan", "latent": 64, "width": 32, "resolution": 32, "channels": 1}


def worker(steps: int, warmup: int, batch: int, device: str) -> None:
    """One rank: train warmup + steps steps, rank 0 prints images/s."""
    import torch
    import torch.distributed as dist

    from gandsl.data.digits import make_digits
    from gandsl.gan.dist import Shard
    from gandsl.gan.state import TrainConfig, TrainState
    from gandsl.gan.train import prepare, train_step
    from gandsl.numerics import precision

    world = int(os.environ.get("WORLD_SIZE", 1))
    rank = int(os.environ.get("RANK", 0))
    if device == "cuda":
        device = f"cuda:{os.environ.get('LOCAL_RANK', 0)}"
    if world > 1:
        dist.init_process_group("nccl" if device.startswith("cuda") else "gloo")
    torch.set_num_threads(int(os.environ.get("GANDSL_THREADS", "1")))
    dev = torch.device(device)
    cfg = TrainConfig(batch=batch, seed=0, augment=())  # 2000 images: what augment="auto" gives
    st = TrainState(SPEC, cfg, dev, sync_bn=world > 1)
    st.precision = precision(dev.type)  # as gandsl run would
    st.shard = Shard(rank, world, batch) if world > 1 else None
    x = prepare(make_digits(32, 2000, 0), SPEC, dev)
    for i in range(warmup + steps):
        if i == warmup:
            _sync(dev)
            t0 = time.perf_counter()
        train_step(st, x)
    _sync(dev)
    seconds = time.perf_counter() - t0
    if rank == 0:
        print(f"N={world}: {steps * batch / seconds:.0f} img/s ({steps / seconds:.2f} steps/s, "
              f"batch {batch}, {os.environ.get('GANDSL_THREADS')} threads per process, {device})")
    if world > 1:
        dist.destroy_process_group()


def _sync(dev) -> None:
    import torch

    if dev.type == "cuda":
        torch.cuda.synchronize(dev)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nproc", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--steps", type=int, default=60)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        return worker(a.steps, a.warmup, a.batch, a.device)
    print("load before:", os.getloadavg())
    for n in a.nproc:
        env = {**os.environ, "GANDSL_THREADS": str(max(1, (os.cpu_count() or 1) // n))}
        args = [__file__, "--worker", "--steps", str(a.steps), "--warmup", str(a.warmup),
                "--batch", str(a.batch), "--device", a.device]
        cmd = [sys.executable, *args] if n == 1 else \
            [sys.executable, "-m", "torch.distributed.run", "--standalone", f"--nproc-per-node={n}", *args]
        subprocess.run(cmd, env=env, check=True)
    print("load after:", os.getloadavg())


if __name__ == "__main__":
    main()
