"""CPU threads for training: the user's setting wins, else idle cores; a resume keeps its count."""
import pytest

torch = pytest.importorskip("torch")

from gandsl.gan import checkpoint as ckpt  # noqa: E402
from gandsl.gan import threads  # noqa: E402
from test_gan_train import Recorder, ctx, train  # noqa: E402


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


def test_busy_cores_reads_a_plausible_figure():
    busy = threads.busy_cores(0.05)
    assert busy is None or 0.0 <= busy <= (threads.available_cores() + 64)


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
