"""Same recipe, same pixels: idle, with every core busy, and killed with SIGKILL under load.

The recipe is large enough that one and two CPU threads give other bytes (checked when written),
so a thread count that followed the load would fail this test.
"""
from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

RECIPE = """gandsl 1
data d = digits { size = 16 }
model m = dcgan { latent = 16  width = 16 }
train t = gan { model = m  data = d  steps = 120  checkpoint_every = 20  preview_every = 0 }
render s = sheet { from = t  grid = 4x4  out = "s.png" }
"""


def _burn() -> None:
    while True:
        pass


def _start(folder: Path, cache: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("GANDSL_THREADS", "OMP_NUM_THREADS")}
    return subprocess.Popen([sys.executable, "-m", "gandsl", "run", "r.gan", "--cache-dir", cache,
                             "--out", "o-" + cache], cwd=folder, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _finish(proc: subprocess.Popen) -> str:
    out, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0, out
    return out


@pytest.mark.slow
def test_busy_cores_and_a_kill_under_load_give_the_idle_runs_bytes(tmp_path):
    (tmp_path / "r.gan").write_text(RECIPE)
    _finish(_start(tmp_path, "idle"))
    burners = [multiprocessing.Process(target=_burn, daemon=True) for _ in range(os.cpu_count() or 1)]
    for p in burners:
        p.start()
    try:
        _finish(_start(tmp_path, "busy"))
        killed = _start(tmp_path, "killed")
        while not list((tmp_path / "killed" / "work").glob("*/step-00000040")):
            assert killed.poll() is None, "the run ended before it could be killed"
            time.sleep(0.02)
        killed.kill()
        killed.wait()
        resumed = _finish(_start(tmp_path, "killed"))
    finally:
        for p in burners:
            p.kill()
    assert "resuming from step" in resumed
    idle = (tmp_path / "o-idle" / "s.png").read_bytes()
    assert (tmp_path / "o-busy" / "s.png").read_bytes() == idle
    assert (tmp_path / "o-killed" / "s.png").read_bytes() == idle
