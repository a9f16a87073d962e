"""CPU threads for training: the user's setting wins, else idle cores; a resume keeps its count."""
import os

import pytest
import torch

from gandsl.gan import checkpoint as ckpt
from gandsl.gan import threads
from test_gan_train import Recorder, ctx, train


def test_environment_fixes_the_count(monkeypatch):
    monkeypatch.setenv("GANDSL_THREADS", "3")
    assert threads.training_threads() == 3


def test_idle_cores_bound_the_count(monkeypatch):
    monkeypatch.delenv("GANDSL_THREADS", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setattr(threads, "available_cores", lambda: 2)
    monkeypatch.setattr(threads, "busy_cores", lambda window=0.25: 1.1)
    assert threads.training_threads() == 1
    monkeypatch.setattr(threads, "busy_cores", lambda window=0.25: 0.1)
    assert threads.training_threads() == 2
    monkeypatch.setattr(threads, "busy_cores", lambda window=0.25: 5.0)
    assert threads.training_threads() == 1


def test_busy_cores_is_the_busy_share_of_the_cpus(monkeypatch):
    samples = iter([(1000, 800), (1200, 900)])  # 200 ticks passed, 100 of them idle
    monkeypatch.setattr(threads, "cpu_times", lambda: next(samples))
    monkeypatch.setattr(threads.os, "cpu_count", lambda: 4)
    assert threads.busy_cores(0.0) == pytest.approx(2.0)
    monkeypatch.setattr(threads, "cpu_times", lambda: (1000, 800))  # no time passed
    assert threads.busy_cores(0.0) is None


@pytest.mark.skipif(not os.path.exists("/proc/stat"), reason="reads Linux /proc/stat")
def test_busy_cores_reads_proc_stat():
    busy = threads.busy_cores(0.05)
    assert busy is not None and 0.0 <= busy <= os.cpu_count()


def test_a_resumed_run_keeps_the_thread_count_it_started_with(tmp_path, monkeypatch):
    before = torch.get_num_threads()
    monkeypatch.setenv("GANDSL_THREADS", "1")
    with pytest.raises(KeyboardInterrupt):
        train(ctx(tmp_path, "w", Recorder(kill_after=8)), checkpoint_every=4)
    assert ckpt.list_steps(tmp_path / "w") == [4]
    monkeypatch.setenv("GANDSL_THREADS", "2")
    resumed = train(ctx(tmp_path, "w"))
    assert resumed.meta["threads"] == 1
    assert torch.get_num_threads() == before
