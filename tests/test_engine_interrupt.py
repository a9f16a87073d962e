"""Ctrl-C stops a run cleanly: exit 130, no half-written entry, and the next run finishes."""
from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from engine_fakes import RUNLOG, chain, child_code, run, runs


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_stops_cleanly_and_the_cache_stays_usable(tmp_path, monkeypatch, jobs):
    log = tmp_path / "runs.txt"
    monkeypatch.setenv(RUNLOG, str(log))
    cache, out = tmp_path / "cache", tmp_path / "out"
    code = child_code(tmp_path / "r.gan", cache, out, jobs=jobs, ticks=400)
    child = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.time() + 600  # generous: a loaded machine starts Python slowly
    while "t" not in runs(log) and time.time() < deadline and child.poll() is None:
        time.sleep(0.05)
    assert "t" in runs(log), "the training node never started, so Ctrl-C was not tested"
    child.send_signal(signal.SIGINT)
    assert child.wait(timeout=30) == 130
    assert not list((cache / "tmp").glob("*"))
    finished = runs(log)
    assert "w" not in finished
    status = run(chain(tmp_path / "r.gan"), cache, out)
    assert status["d"] == "cached" and status["t"] == "ran"
