"""Run one train node as a torchrun elastic job and bring its result back (the parent's side).

    scheduler ─ train op ─ launch.train_distributed ─ torchrun ─┬─ worker rank 0 ─┐ gloo (CPU)
                   ▲                                            └─ worker rank 1 ─┘ NCCL (CUDA)
                   └── job dir: job.json, data.npy ──▶ progress.json, result/, error-<rank>.json

The parent keeps the scheduler, the cache and the progress bar; workers train and rank 0 writes
checkpoints into the node's work folder, so a worker restarted by torchrun resumes from the last one.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from gandsl.gan.config import TrainConfig
from gandsl.errors import NodeFailed
from gandsl.numerics import Numerics
from gandsl.context import RunContext, ScaleOut


def torchrun_command(scale: ScaleOut, job_dir: Path, run_id: str) -> list[str]:
    """The torchrun (torch.distributed.run) command line for a job folder."""
    cmd = [sys.executable, "-m", "torch.distributed.run", f"--nproc-per-node={scale.nproc}",
           f"--max-restarts={scale.max_restarts}"]
    if scale.nnodes > 1 or scale.rdzv:
        cmd += [f"--nnodes={scale.nnodes}", "--rdzv-backend=c10d",
                f"--rdzv-endpoint={scale.rdzv or 'localhost:29400'}", f"--rdzv-id={run_id}"]
    else:
        cmd += ["--standalone"]
    return cmd + ["-m", "gandsl.gan.worker", str(job_dir)]


def write_job(ctx: RunContext, spec: dict[str, Any], data: Any, params: dict[str, Any]) -> Path:
    """A fresh job folder in the node's work folder: job.json and data.npy."""
    import numpy as np

    job_dir = ctx.work_dir.resolve() / "dist"
    shutil.rmtree(job_dir, ignore_errors=True)
    job_dir.mkdir(parents=True)
    np.save(job_dir / "data.npy", np.asarray(data))
    job = {"node": ctx.node, "device": ctx.device, "model": spec, "params": _json_params(params),
           "numerics": ctx.numerics.material(),
           "work_dir": str(ctx.work_dir.resolve()), "out_dir": str(ctx.out_dir.resolve())}
    (job_dir / "job.json").write_text(json.dumps(job))
    return job_dir


def _json_params(params: dict[str, Any]) -> dict[str, Any]:
    """The train params that are plain JSON (inputs such as model/data are passed separately)."""
    out = {}
    for k, v in params.items():
        try:
            json.dumps(v)
        except TypeError:
            continue
        out[k] = v
    return out


def _worker_env(numerics: Numerics) -> dict[str, str]:
    """Each worker computes with the keyed numerics: its thread count and precision."""
    env = dict(os.environ)
    threads = str(max(1, numerics.threads))
    env.update(GANDSL_THREADS=threads, OMP_NUM_THREADS=threads, GANDSL_PRECISION=numerics.precision)
    return env


def train_distributed(ctx: RunContext, spec: dict[str, Any], data: Any, params: dict[str, Any]) -> Any:
    """Train with ctx.scale.nproc processes per node; return the Trained state rank 0 wrote."""
    from gandsl.gan.checkpoint import Trained

    scale = ctx.scale
    if int(params.get("batch", 32)) % (scale.nproc * scale.nnodes):
        raise NodeFailed(f"train {ctx.node}: batch {params.get('batch')} does not split evenly over "
                         f"{scale.nproc * scale.nnodes} processes", code="E350",
                         help="choose a batch that is a multiple of the number of processes")
    job_dir = write_job(ctx, spec, data, params)
    ctx.info(f"training with {scale.nproc * scale.nnodes} processes (torchrun)")
    cmd = torchrun_command(scale, job_dir, run_id=ctx.work_dir.name)
    if scale.nnodes > 1:
        ctx.info("on each of the other machines (same cache folder), run:\n  " + " ".join(cmd[1:]))
    with open(job_dir / "torchrun.log", "wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=_worker_env(ctx.numerics))
        _follow(ctx, proc, job_dir, TrainConfig.from_params(params).steps)
    _raise_failures(ctx, proc.returncode, job_dir)
    _check_ranks_agree(ctx, job_dir)
    result = Trained.load(job_dir / "result")
    result.tensors = {k: v.clone() for k, v in result.tensors.items()}  # own memory, then clean up
    os.replace(job_dir / "torchrun.log", ctx.work_dir / "torchrun.log")  # kept beside the checkpoints
    shutil.rmtree(job_dir, ignore_errors=True)
    return result


def _follow(ctx: RunContext, proc: subprocess.Popen, job_dir: Path, steps: int) -> None:
    """Mirror rank 0's progress into the parent's bar until torchrun exits; stop it on cancel."""
    task = ctx.progress.task(f"train {ctx.node}", total=steps, completed=0)
    shown = 0
    try:
        while proc.poll() is None:
            time.sleep(0.2)
            state = _read_json(job_dir / "progress.json")
            if isinstance(state, dict) and int(state.get("completed", 0)) > shown:
                task.advance(int(state["completed"]) - shown, **state.get("fields", {}))
                shown = int(state["completed"])
    except BaseException:
        proc.terminate()  # torchrun forwards it to every rank
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        _clean_up(ctx, job_dir)
        raise
    finally:
        task.close()


def _clean_up(ctx: RunContext, job_dir: Path) -> None:
    """After a stopped job: keep its log beside the checkpoints, remove the job folder."""
    if (job_dir / "torchrun.log").is_file():
        os.replace(job_dir / "torchrun.log", ctx.work_dir / "torchrun.log")
    shutil.rmtree(job_dir, ignore_errors=True)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _raise_failures(ctx: RunContext, returncode: int, job_dir: Path) -> None:
    """Turn a rank's error file, or torchrun's failure, into NodeFailed naming the rank and step."""
    errors = sorted(job_dir.glob("error-*.json"))
    step = (_read_json(job_dir / "progress.json") or {}).get("completed", 0)
    if errors:
        e = _read_json(errors[0]) or {}
        raise NodeFailed(f"train {ctx.node}: rank {e.get('rank', '?')} failed near step {step}: "
                         f"{e.get('message', 'unknown error')}", code=e.get("code") or "E351")
    if returncode != 0 or not (job_dir / "result").is_dir():
        tail = (job_dir / "torchrun.log").read_text(errors="replace").strip().splitlines()[-5:]
        raise NodeFailed(f"train {ctx.node}: torchrun failed (exit {returncode}) near step {step}; "
                         f"last lines of {job_dir / 'torchrun.log'}:\n  " + "\n  ".join(tail), code="E351")


def _check_ranks_agree(ctx: RunContext, job_dir: Path) -> None:
    """Every rank must end with the same weights and optimiser state (they share every update)."""
    digests = {p.name: p.read_text() for p in job_dir.glob("state-*.sha256")}
    if len(set(digests.values())) > 1:
        raise NodeFailed(f"train {ctx.node}: the training processes ended with different weights "
                         f"({', '.join(sorted(digests))} disagree)", code="E352")
