"""Ctrl-C stops a run cleanly: exit 130, no half-written entry, and the next run finishes."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine_fakes import RUNLOG, runs

_CHILD = """
import sys; sys.path.insert(0, {tests!r})
from pathlib import Path
from engine_fakes import chain, run
from gandsl.errors import Interrupted
try:
    run(chain(Path({recipe!r}), ticks={ticks}), Path({cache!r}), Path({out!r}), jobs={jobs})
except Interrupted as err:
    sys.exit(err.exit_code)
"""


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_stops_cleanly_and_the_cache_stays_usable(tmp_path, monkeypatch, jobs):
    log = tmp_path / "runs.txt"
    monkeypatch.setenv(RUNLOG, str(log))
    cache, out = tmp_path / "cache", tmp_path / "out"
    code = _CHILD.format(tests=str(Path(__file__).parent), recipe=str(tmp_path / "r.gan"),
                         cache=str(cache), out=str(out), ticks=400, jobs=jobs)
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
    from engine_fakes import chain, run

    status = run(chain(tmp_path / "r.gan"), cache, out)
    assert status["d"] == "cached" and status["t"] == "ran"
