"""A training run killed and resumed stores exactly what an uninterrupted run stores (early cutoff)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tiny_recipes import tiny_training

RECIPE = tiny_training(steps=60, batch=4, checkpoint_every=10, preview_every=0)


def _run(folder: Path, cache: Path, quiet: bool = True) -> subprocess.Popen:
    env = dict(os.environ, GANDSL_CACHE_DIR=str(cache))
    return subprocess.Popen([sys.executable, "-m", "gandsl", "run", "r.gan", *(["-q"] * quiet)], cwd=folder,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _train_entry(cache: Path) -> tuple[str, dict]:
    for manifest in cache.glob("objects/*/*/manifest.json"):
        data = json.loads(manifest.read_text())
        if data.get("op") == "train/gan":
            return data["digest"], data["files"]
    raise AssertionError("no train entry")


def _steps(cache: Path) -> list[int]:
    return [int(p.name[5:]) for p in cache.glob("work/*/step-*")]


@pytest.mark.slow
def test_a_killed_and_resumed_run_stores_the_same_bytes(tmp_path):
    (tmp_path / "r.gan").write_text(RECIPE)
    whole = _run(tmp_path, tmp_path / "a")
    assert whole.wait() == 0, whole.stdout.read().decode()
    killed = _run(tmp_path, tmp_path / "b")
    while not [s for s in _steps(tmp_path / "b") if s >= 20]:  # old checkpoints are pruned: any will do
        assert killed.poll() is None, "the run ended before it could be killed"
        time.sleep(0.02)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert _steps(tmp_path / "b") and max(_steps(tmp_path / "b")) < 60  # really cut short
    resumed = _run(tmp_path, tmp_path / "b", quiet=False)
    out = resumed.communicate()[0].decode()
    assert resumed.returncode == 0, out
    assert "resuming from step" in out, "it must resume, not start over"
    assert _train_entry(tmp_path / "a") == _train_entry(tmp_path / "b")
