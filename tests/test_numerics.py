"""Numerics (device kind, precision, threads, processes): fixed by the machine and settings, keyed."""
from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine_fakes import chain, fake_ops, run
from gandsl import numerics
from gandsl.cli.main import group as cli
from gandsl.engine.cache import Cache
from gandsl.engine.dag import build_graph
from gandsl.engine.keys import FileDigests, Keyer
from gandsl.engine.plan import make_plan
from gandsl.engine.scheduler import Scheduler
from gandsl.lang.values import Duration, Frames, frame_count
from gandsl.numerics import Numerics, NumericsError


@pytest.fixture
def unset(monkeypatch):
    for name in ("GANDSL_PRECISION", "GANDSL_THREADS", "OMP_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_precision_is_forced_by_the_switch_else_follows_the_hardware(unset):
    unset.setattr(numerics, "cpu_has_amx", lambda: False)
    assert numerics.precision("cpu") == "fp32" and numerics.precision("cuda") == "bf16"
    unset.setattr(numerics, "cpu_has_amx", lambda: True)
    assert numerics.precision("cpu") == "bf16"
    unset.setenv("GANDSL_PRECISION", "fp32")
    assert numerics.precision("cpu") == "fp32" and numerics.precision("cuda") == "fp32"
    unset.setenv("GANDSL_PRECISION", "BF16")
    unset.setattr(numerics, "cpu_has_amx", lambda: False)
    assert numerics.precision("cpu") == "bf16"
    unset.setenv("GANDSL_PRECISION", "fp16")
    with pytest.raises(NumericsError) as err:
        numerics.precision("cpu")
    assert err.value.diagnostics[0].code == "E202"


def test_threads_are_the_cores_split_over_processes_unless_set(unset):
    unset.setattr(numerics, "available_cores", lambda: 4)
    assert numerics.cpu_threads() == 4 and numerics.cpu_threads(2) == 2 and numerics.cpu_threads(8) == 1
    unset.setenv("OMP_NUM_THREADS", "3")
    assert numerics.cpu_threads() == 3
    unset.setenv("GANDSL_THREADS", "2")
    assert numerics.cpu_threads(4) == 2


def _burn() -> None:
    while True:
        pass


def test_numerics_do_not_change_when_every_core_is_busy(unset):
    idle = Numerics.detect("cpu")
    burners = [multiprocessing.Process(target=_burn, daemon=True) for _ in range(os.cpu_count() or 1)]
    for p in burners:
        p.start()
    try:
        busy = Numerics.detect("cpu")
    finally:
        for p in burners:
            p.kill()
    assert busy == idle and idle.threads == numerics.available_cores()


def test_device_kind_is_guessed_without_torch():
    assert numerics.guess_device_kind("cpu") == "cpu"
    assert numerics.guess_device_kind("cuda:1") == "cuda"
    assert numerics.guess_device_kind("mps") == "mps"
    assert numerics.guess_device_kind("auto") in ("cpu", "cuda", "mps")


def test_torch_computed_nodes_are_keyed_on_numerics_and_others_are_not(tmp_path):
    recipe = chain(tmp_path / "r.gan")
    a = Keyer(recipe, fake_ops, FileDigests(None), Numerics("cpu", "fp32", 2, 1))
    b = Keyer(recipe, fake_ops, FileDigests(None), Numerics("cpu", "bf16", 2, 1))
    assert a.material("d", {}).key == b.material("d", {}).key
    assert a.material("m", {}).key == b.material("m", {}).key
    for changed in (Numerics("cpu", "bf16", 2, 1), Numerics("cpu", "fp32", 1, 1),
                    Numerics("cpu", "fp32", 2, 2), Numerics("cuda", "fp32", 0, 1)):
        c = Keyer(recipe, fake_ops, FileDigests(None), changed)
        assert c.material("t", {"d": "x", "m": "y"}).key != a.material("t", {"d": "x", "m": "y"}).key
        assert c.material("w", {"t": "z"}).key != a.material("w", {"t": "z"}).key


def test_other_numerics_rerun_training_but_not_data(tmp_path, monkeypatch):
    log = tmp_path / "runs.txt"
    monkeypatch.setenv("FAKE_RUNLOG", str(log))
    recipe = chain(tmp_path / "r.gan")
    run(recipe, tmp_path / "c", tmp_path / "o", numerics=Numerics("cpu", "fp32", 2, 1))
    log.unlink()
    again = run(recipe, tmp_path / "c", tmp_path / "o", numerics=Numerics("cpu", "fp32", 2, 1))
    assert set(again.values()) == {"cached"} and not log.exists()
    other = run(recipe, tmp_path / "c", tmp_path / "o", numerics=Numerics("cpu", "fp32", 2, 2))
    assert other["d"] == other["m"] == "cached" and other["t"] == "ran"


def test_plan_names_the_numerics_it_keys_with(tmp_path, unset):
    (tmp_path / "r.gan").write_text("gandsl 1\ndata d = digits { size = 16 }\n")
    unset.setenv("GANDSL_THREADS", "3")
    unset.setenv("GANDSL_PRECISION", "bf16")
    result = CliRunner().invoke(cli, ["plan", str(tmp_path / "r.gan"), "--device", "cpu",
                                      "--nproc", "2", "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert "numerics: cpu, bf16, 3 threads, 2 processes" in result.output


def test_a_bad_precision_setting_is_a_clear_error(tmp_path, unset):
    (tmp_path / "r.gan").write_text("gandsl 1\ndata d = digits { size = 16 }\n")
    unset.setenv("GANDSL_PRECISION", "half")
    result = CliRunner().invoke(cli, ["plan", str(tmp_path / "r.gan"), "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 1 and "E202" in result.output and "Traceback" not in result.output


def test_frames_are_counted_by_one_function():
    assert frame_count(0, Frames(48), 12) == 48
    assert frame_count(10, Frames(48), 12) == 10
    assert frame_count(0, Duration(2.0), 12.5) == 25
    assert frame_count(0, Duration(0.01), 12) == 1


def test_a_walk_of_48f_is_counted_alike_by_check_and_budget(tmp_path):
    from gandsl.engine.budget import shapes_of
    from gandsl.engine.session import load_recipe

    (tmp_path / "r.gan").write_text(
        "gandsl 1\ndata d = digits { size = 16 }\nmodel m = dcgan { latent = 8 }\n"
        "train t = gan { model = m  data = d  steps = 2 }\n"
        "walk w = slerp { from = t  duration = 48f  fps = 12 }\n"
        "upscale u = resize { frames = w  factor = 2 }\n")
    recipe = load_recipe(tmp_path / "r.gan")
    shapes = shapes_of(recipe)  # what the checker and the memory budget both read
    assert shapes.of("w").n == 48 and shapes.of("u").n == 48 and shapes.of("u").h == 2 * shapes.of("w").h


class _FailingTrain:
    """The fake train op, failing on demand (a forced run that dies keeps the old folder)."""

    def __init__(self, fail: bool) -> None:
        self.fail = fail

    def __call__(self, stage: str, name: str):
        op = fake_ops(stage, name)
        if self.fail and (stage, name) == ("train", "add"):
            from types import SimpleNamespace

            from gandsl.ops.registry import Op

            def boom(ctx, params, inputs):
                assert not any(ctx.work_dir.iterdir()), "a forced run must start from an empty folder"
                raise RuntimeError("killed")

            return Op(op.spec, SimpleNamespace(run=boom, save=op.module.save, load=op.module.load))
        return op


def _run_forced(recipe, cache: Path, out: Path, fail: bool) -> dict[str, str]:
    engine = Cache(cache)
    plan = make_plan(build_graph(recipe), (), ("t",))
    sched = Scheduler(recipe, plan, engine.store, out_dir=out, ops=_FailingTrain(fail),
                      files=engine.files, records=engine.records, device="cpu")
    return {r.node: r.status for r in sched.run()}


def test_force_recomputes_from_scratch_and_keeps_the_old_folder_until_it_succeeds(tmp_path):
    recipe = chain(tmp_path / "r.gan")
    run(recipe, tmp_path / "c", tmp_path / "o")
    (work,) = [p for p in (tmp_path / "c" / "work").iterdir() if (p / "seen.txt").exists()]
    (work / "step-00000005").mkdir()  # an old checkpoint
    assert _run_forced(recipe, tmp_path / "c", tmp_path / "o", fail=True)["t"] == "failed"
    assert (work / "step-00000005").is_dir()  # the failed forced run lost nothing
    assert _run_forced(recipe, tmp_path / "c", tmp_path / "o", fail=False)["t"] == "ran"
    assert (work / "seen.txt").exists() and not (work / "step-00000005").exists()
    assert not list((tmp_path / "c" / "work").glob("*.fresh"))


def test_ops_compute_with_the_numerics_their_keys_were_made_with(tmp_path):
    """Under `--nproc 2` the key says one thread per process: the op (and its workers) must get
    exactly that, not numerics detected anew for one process."""
    from types import SimpleNamespace

    from gandsl.ops.registry import Op

    seen = []

    def lookup(stage, name):
        op = fake_ops(stage, name)
        if (stage, name) != ("train", "add"):
            return op

        def run(ctx, params, inputs):
            seen.append(ctx.numerics)
            return op.module.run(ctx, params, inputs)
        return Op(op.spec, SimpleNamespace(run=run, save=op.module.save, load=op.module.load))

    recipe = chain(tmp_path / "r.gan")
    keyed = Numerics("cpu", "bf16", 1, 2)
    engine = Cache(tmp_path / "c")
    Scheduler(recipe, make_plan(build_graph(recipe), (), ()), engine.store, out_dir=tmp_path / "o",
              ops=lookup, files=engine.files, device="cpu", numerics=keyed).run()
    assert seen == [keyed]
