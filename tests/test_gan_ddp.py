"""Data-parallel training (gan/dist.py, worker.py, launch.py): same result for any process count."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from safetensors.torch import load_file

from gandsl.gan.dist import Shard, SyncBatchNorm2d, convert_sync_bn
from gandsl.gan.launch import torchrun_command
from gandsl.context import ScaleOut
from precision import ATOL, PRECISION, RTOL

RECIPE = """
data d = digits { size = 16 }
model m = dcgan { latent = 16  width = 8 }
train t = gan { model = m  data = d  steps = STEPS  batch = 8  seed = 3  checkpoint_every = 10
                preview_every = 0  augment = ["translation", "color"] }
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_shard_rows_tile_the_global_batch():
    t = torch.arange(12)
    parts = [Shard(r, 3, 12).rows(t) for r in range(3)]
    assert torch.equal(torch.cat(parts), t)
    assert [len(p) for p in parts] == [4, 4, 4]


def test_torchrun_command_single_machine_and_rendezvous():
    one = torchrun_command(ScaleOut(nproc=2), Path("/j"), "x")
    assert "--standalone" in one and "--nproc-per-node=2" in one and one[-3:] == ["-m", "gandsl.gan.worker", "/j"]
    many = torchrun_command(ScaleOut(nproc=4, nnodes=2, rdzv="h:29500"), Path("/j"), "x")
    assert "--nnodes=2" in many and "--rdzv-endpoint=h:29500" in many and "--standalone" not in many


def test_convert_sync_bn_keeps_state_dict_keys():
    m = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3), torch.nn.BatchNorm2d(4))
    keys = list(m.state_dict())
    convert_sync_bn(m)
    assert isinstance(m[1], SyncBatchNorm2d) and list(m.state_dict()) == keys


def _sync_bn_rank(rank: int, port: int, x: torch.Tensor, out: str) -> None:
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=2)
    bn = SyncBatchNorm2d(3)
    y = bn(Shard(rank, 2, len(x)).rows(x).clone().requires_grad_(True))
    (y * torch.arange(y.numel()).view_as(y).float().sin()).sum().backward()
    grads = torch.cat([bn.weight.grad, bn.bias.grad])
    dist.all_reduce(grads)
    torch.save({"y": y.detach(), "g": grads, "rm": bn.running_mean, "rv": bn.running_var}, f"{out}/{rank}.pt")
    dist.destroy_process_group()


def test_sync_batch_norm_on_two_ranks_equals_batch_norm_on_the_whole_batch(tmp_path):
    x = torch.randn(8, 3, 5, 5, generator=torch.Generator().manual_seed(0))
    mp.spawn(_sync_bn_rank, args=(_free_port(), x, str(tmp_path)), nprocs=2)
    ranks = [torch.load(tmp_path / f"{r}.pt") for r in (0, 1)]
    bn = torch.nn.BatchNorm2d(3)
    xr = x.clone().requires_grad_(True)
    y = bn(xr)
    (torch.cat([(y[:4] * torch.arange(y[:4].numel()).view_as(y[:4]).float().sin()),
                (y[4:] * torch.arange(y[4:].numel()).view_as(y[4:]).float().sin())])).sum().backward()
    assert torch.allclose(torch.cat([ranks[0]["y"], ranks[1]["y"]]), y.detach(), atol=1e-5)
    assert torch.allclose(ranks[0]["g"], torch.cat([bn.weight.grad, bn.bias.grad]), atol=1e-4)
    assert torch.allclose(ranks[0]["rv"], bn.running_var, atol=1e-5)
    assert torch.equal(ranks[0]["rm"], ranks[1]["rm"])


def _gandsl(args: list[str], cwd: Path, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "GANDSL_THREADS": "1"}
    return subprocess.run([sys.executable, "-m", "gandsl", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600, **kw)


def _trained(cache: Path) -> list[dict[str, torch.Tensor]]:
    """Every trained entry's tensors, oldest first."""
    paths = [p for p in cache.glob("objects/*/*/data/tensors.safetensors") if "losses" in load_file(p)]
    return [load_file(p) for p in sorted(paths, key=lambda p: p.stat().st_mtime_ns)]


@pytest.mark.slow
def test_two_processes_are_keyed_apart_from_one_and_agree_within_the_precision(tmp_path):
    (tmp_path / "r.gan").write_text(RECIPE.replace("STEPS", "12"))
    two = _gandsl(["run", "r.gan", "--nproc", "2", "--cache-dir", "c", "--log", "log.jsonl"], tmp_path)
    assert two.returncode == 0, two.stderr
    starts = [json.loads(l) for l in (tmp_path / "log.jsonl").read_text().splitlines()]
    assert [e["world_size"] for e in starts if e.get("event") == "node_start" and e["node"] == "t"] == [2]
    again = _gandsl(["run", "r.gan", "--nproc", "2", "--cache-dir", "c"], tmp_path)
    assert again.returncode == 0 and "3 nodes: 3 cached" in again.stderr + again.stdout
    one = _gandsl(["run", "r.gan", "--cache-dir", "c"], tmp_path)  # other numbers: its own entry
    assert one.returncode == 0 and "1 ran" in one.stderr + one.stdout, one.stderr + one.stdout
    b, a = _trained(tmp_path / "c")
    # fp32: the whole state agrees; bf16: the networks (Adam's moments of bf16 gradients drift further)
    compared = [k for k in a if a[k].is_floating_point() and not k.startswith("rng.")
                and (PRECISION == "fp32" or k[:2] in ("G.", "D.", "E."))]
    assert any(k.startswith("D.") for k in compared)
    for k in compared:
        assert torch.allclose(a[k], b[k], atol=ATOL, rtol=RTOL), k


@pytest.mark.slow
def test_a_killed_rank_is_restarted_and_the_group_resumes(tmp_path):
    # long enough that the run cannot finish between two polls of its progress (it is killed at 20)
    (tmp_path / "r.gan").write_text(RECIPE.replace("STEPS", "300"))
    proc = subprocess.Popen([sys.executable, "-m", "gandsl", "run", "r.gan", "--nproc", "2",
                             "--cache-dir", "c", "--quiet"], cwd=tmp_path, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "GANDSL_THREADS": "1"})
    try:
        killed = _kill_rank_one_after_a_checkpoint(tmp_path / "c")
        _, err = proc.communicate(timeout=600)
    finally:
        proc.kill()
    assert killed, "rank 1 never reached a checkpoint"
    assert proc.returncode == 0, err
    (log,) = (tmp_path / "c").glob("work/*/torchrun.log")
    assert "resuming from step" in log.read_text()


def _kill_rank_one_after_a_checkpoint(cache: Path) -> bool:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        for job in cache.glob("work/*/dist"):
            progress = job / "progress.json"
            try:
                done = json.loads(progress.read_text())["completed"]
                pid = int((job / "pid-1").read_text())
            except (OSError, ValueError, KeyError):
                continue
            if done >= 20:
                os.kill(pid, signal.SIGKILL)
                return True
        time.sleep(0.1)
    return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_or_sigterm_stops_every_rank_and_leaves_no_job_folder(tmp_path, sig):
    (tmp_path / "r.gan").write_text(RECIPE.replace("STEPS", "5000"))
    proc = subprocess.Popen([sys.executable, "-m", "gandsl", "run", "r.gan", "--nproc", "2",
                             "--cache-dir", "c", "--quiet"], cwd=tmp_path, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "GANDSL_THREADS": "1"})
    try:
        pids = _worker_pids_once_training(tmp_path / "c")
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert pids, "the workers never started training"
    assert proc.returncode == 130, err
    deadline = time.monotonic() + 30
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(p) for p in pids)
    assert not list((tmp_path / "c").glob("work/*/dist")), "the job folder was left behind"


def _worker_pids_once_training(cache: Path) -> list[int]:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        for job in cache.glob("work/*/dist"):
            try:
                if json.loads((job / "progress.json").read_text())["completed"] >= 2:
                    return [int((job / f"pid-{r}").read_text()) for r in (0, 1)]
            except (OSError, ValueError, KeyError):
                pass
        time.sleep(0.1)
    return []
