"""Entry point of one data-parallel training process: `python -m gandsl.gan.worker JOB_DIR`.

torchrun starts one per rank (gan/launch.py builds the command). The job folder holds `job.json`
(model spec, train params, node, device, work/out folders) and `data.npy`; every rank trains on
its rows of each global batch (gan/dist.py); rank 0 alone writes checkpoints, previews,
`progress.json` and, at the end, `result/` (the Trained state). A failing rank writes
`error-<rank>.json` with its message, so the parent can say which rank failed at which step.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from gandsl.numerics import Numerics
from gandsl.context import NullProgress, RunContext


class FileTask:
    """A progress task that rank 0 mirrors into progress.json for the parent to show."""

    def __init__(self, path: Path, total: int, completed: int) -> None:
        self.path, self.total, self.completed = path, total, completed
        self._write({})

    def advance(self, n: int = 1, **fields: Any) -> None:
        self.completed += n
        self._write(fields)

    def close(self) -> None:
        pass

    def _write(self, fields: dict[str, Any]) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"completed": self.completed, "total": self.total, "fields": fields}))
        os.replace(tmp, self.path)


class FileProgress:
    """Progress for rank 0: one task, mirrored to a file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def task(self, description: str, total: int, completed: int = 0) -> FileTask:
        return FileTask(self.path, total, completed)


def _context(job: dict[str, Any], job_dir: Path, rank: int, device: str) -> RunContext:
    def say(message: str) -> None:
        if rank == 0:
            print(message, file=sys.stderr, flush=True)

    return RunContext(node=job["node"], device=device, work_dir=Path(job["work_dir"]),
                      numerics=Numerics(**job["numerics"]),
                      tmp_dir=job_dir, out_dir=Path(job["out_dir"]),
                      progress=FileProgress(job_dir / "progress.json") if rank == 0 else NullProgress(),
                      info=say, warn=lambda m: say(f"warning: {m}"))


def _device(requested: str, local_rank: int) -> str:
    return f"cuda:{local_rank}" if requested.startswith("cuda") else requested


def state_digest(tensors: dict[str, Any]) -> str:
    """A digest of the trained weights and optimiser state (equal on every rank of a group)."""
    import hashlib

    h = hashlib.sha256()
    for name in sorted(tensors):
        if not name.startswith("rng."):
            h.update(name.encode())
            h.update(tensors[name].contiguous().numpy().tobytes())
    return h.hexdigest()


def _join_group(backend: str) -> None:
    """init_process_group on torchrun's store, under a prefix per restart attempt.

    torchrun keeps one store across restarts of the group; without a fresh prefix a restarted
    rank reads the addresses its killed predecessor published and fails to connect (seen with gloo).
    """
    from datetime import timedelta

    import torch.distributed as dist

    rank, world = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
    agent_store = os.environ.get("TORCHELASTIC_USE_AGENT_STORE") == "True"
    store = dist.TCPStore(os.environ["MASTER_ADDR"], int(os.environ["MASTER_PORT"]), world,
                          is_master=rank == 0 and not agent_store, timeout=timedelta(minutes=5))
    attempt = os.environ.get("TORCHELASTIC_RESTART_COUNT", "0")
    prefixed = dist.PrefixStore(f"gandsl/attempt-{attempt}", store)
    dist.init_process_group(backend, store=prefixed, rank=rank, world_size=world)


def _wait_for(path: Path, seconds: float = 3600.0) -> Path:
    """The job file; on another machine it appears once the first one reaches the train node."""
    import time

    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(1.0)
    return path


def train(job_dir: Path) -> None:
    """Join the process group, train this rank's share, and (rank 0) write the result."""
    import numpy as np
    import torch
    import torch.distributed as dist

    from gandsl.gan.dist import env_world
    from gandsl.gan.config import TrainConfig
    from gandsl.gan.train import fit

    job = json.loads((job_dir / "job.json").read_text())
    rank, local_rank, _ = env_world()
    device = _device(job["device"], local_rank)
    if device.startswith("cuda"):
        torch.cuda.set_device(device)
    _join_group("nccl" if device.startswith("cuda") else "gloo")
    try:
        ctx = _context(job, job_dir, rank, device)
        data = np.load(job_dir / "data.npy", mmap_mode="r")
        trained = fit(ctx, job["model"], data, TrainConfig.from_params(job["params"]))
        (job_dir / f"state-{rank}.sha256").write_text(state_digest(trained.tensors))
        if rank == 0:
            tmp = job_dir / "result.tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            trained.save(tmp)
            os.replace(tmp, job_dir / "result")
        dist.barrier()
    finally:
        dist.destroy_process_group()


def main(argv: list[str]) -> int:
    """Run one rank; on failure record the error for the parent and exit 1."""
    import warnings

    warnings.filterwarnings("ignore", message=".*all_reduce is deprecated", category=FutureWarning)
    from gandsl.errors import NodeFailed

    job_dir = Path(argv[0])
    _wait_for(job_dir / "job.json")
    rank = int(os.environ.get("RANK", 0))
    error_file = job_dir / f"error-{rank}.json"
    error_file.unlink(missing_ok=True)  # a restarted rank starts clean
    (job_dir / f"pid-{rank}").write_text(str(os.getpid()))
    try:
        train(job_dir)
    except Exception as e:  # reported to the parent through error-<rank>.json
        record = {"rank": rank, "message": str(e), "code": getattr(e, "code", None)}
        error_file.write_text(json.dumps(record))
        print(f"rank {rank}: {e}", file=sys.stderr, flush=True)
        # NodeFailed (divergence, bad input) is deterministic: every rank raises it and a restart
        # would only repeat it, so exit 0 and let the parent report it; anything else restarts.
        return 0 if isinstance(e, NodeFailed) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
