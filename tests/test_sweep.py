"""gandsl sweep: variants, shared units, the plan, same bytes as `run --set`, failures, locks."""
from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest
from click.testing import CliRunner

from gandsl.cli.main import group
from gandsl.cli.sweep import reproduce
from gandsl.engine.sweep import SweepError, make_variants, parse_vary, split_values
from test_cheap_imports import heavy_modules

TINY = """gandsl 1
param steps: int = 2
param seed = 1
param side: int = 16

data d = digits {
  size = 16
  count = 32
}

data e = digits {
  size = side
  count = 32
}

model m = dcgan {
  latent = 4
  width = 4
}

train t = gan {
  model = m
  data = d
  steps = steps
  batch = 8
}

render s = sheet {
  from = t
  grid = 2x2
  seed = seed
  out = "s.png"
}

eval q = swd {
  from = t
  data = e
  samples = 16
  seed = seed
}
"""


def cli(*args: str) -> object:
    return CliRunner().invoke(group, list(args), catch_exceptions=False)


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tiny.gan").write_text(TINY)
    return tmp_path


def test_values_split_like_set_values_with_inclusive_ranges():
    assert split_values("1..4") == ["1", "2", "3", "4"]
    assert split_values("1e-4, 2e-4,0..1") == ["1e-4", "2e-4", "0", "1"]
    assert split_values('[1, 2],"a,b",3') == ["[1, 2]", '"a,b"', "3"]
    for bad in ("1,,2", "5..1"):
        with pytest.raises(SweepError) as err:
            split_values(bad)
        assert err.value.diagnostics[0].code == "E801"


@pytest.mark.parametrize("varies,sets,code", [
    (["seed"], [], "E800"), (["seed="], [], "E800"), (["a.b=1"], [], "E800"),
    (["seed=1", "seed=2"], [], "E802"), (["seed=1,2"], ["seed=3"], "E802"),
    (["a=1..40", "b=1..40"], [], "E803"),
])
def test_bad_vary_options_are_refused_with_their_code(varies, sets, code):
    with pytest.raises(SweepError) as err:
        make_variants(sets, parse_vary(varies, sets))
    assert err.value.diagnostics[0].code == code


def test_variants_are_the_cross_product_last_name_fastest_with_plain_folder_names():
    variants = make_variants(["steps=3"], parse_vary(["seed=1..2", 'tag="a b",c']))
    assert [v.name for v in variants] == ["seed=1,tag=-a-b-", "seed=1,tag=c",
                                          "seed=2,tag=-a-b-", "seed=2,tag=c"]
    assert variants[0].sets == ("steps=3", "seed=1", 'tag="a b"')
    assert reproduce("r.gan", ["steps=3"], variants[0], "cpu", None) == \
        "gandsl run r.gan --set steps=3 --set seed=1 --set 'tag=\"a b\"' --device cpu"
    from gandsl.numerics import cpu_threads

    other = cpu_threads(1) + 1  # threads other than a plain run's: the command must say so
    assert reproduce("r.gan", [], variants[1], "auto", other) == \
        f"GANDSL_THREADS={other} gandsl run r.gan --set seed=1 --set tag=c"


def test_plan_counts_distinct_shared_and_cached_nodes(tiny: Path):
    out = cli("sweep", "tiny.gan", "--vary", "steps=2,3", "--vary", "seed=1..4", "--plan",
              "--cache-dir", "cache")
    assert out.exit_code == 0, out.output
    # d and m shared by all 8 (e is d: the same key); t: 2 distinct; s and q: one per variant
    assert "nodes: 48 in all variants, 20 distinct (4 shared by several variants), 0 cached, " \
           "20 to run" in out.output, out.output
    assert "t  train gan            2 distinct, each in 4 variants, 0 cached" in out.output


def test_sweep_plan_imports_no_heavy_library(tiny: Path):
    code = ("import contextlib, io, runpy, sys, os\n"
            f"os.chdir({str(tiny)!r})\n"
            "sys.argv = ['gandsl', 'sweep', 'tiny.gan', '--vary', 'seed=1..3', '--plan', "
            "'--cache-dir', 'cache']\n"
            "try:\n"
            "    with contextlib.redirect_stdout(io.StringIO()):\n"
            "        runpy.run_module('gandsl', run_name='__main__')\n"
            "except SystemExit as stop:\n"
            "    assert stop.code in (0, None), stop.code\n")
    assert heavy_modules(code) == []


@pytest.mark.slow
def test_sweep_gives_the_bytes_of_run_set_computes_shared_nodes_once_and_reports_failures(tiny: Path):
    out = cli("sweep", "tiny.gan", "--vary", "side=16,32", "--vary", "seed=1,2", "--jobs", "2",
              "--cache-dir", "cache")
    assert out.exit_code == 3, out.output  # side=32: the eval compares 16 px samples with 32 px data
    assert "E810" in out.output and "2 of 4 variants failed" in out.output
    assert "12 distinct, 10 computed" in out.output  # d m t e16 e32 + s x4 (shared: 1) + q16 x2
    sweep = tiny / "out" / "tiny" / "sweep"
    for name in ("side=16,seed=1", "side=16,seed=2"):
        assert json.loads((sweep / name / "q.json").read_text())["mean"] > 0
    assert (sweep / "side=32,seed=2" / "s.png").is_file()  # the failed variant's sheet is placed
    assert not (sweep / "side=32,seed=2" / "q.json").exists()
    page = (sweep / "index.html").read_text()
    assert "gandsl run tiny.gan --set side=16 --set seed=2" in page and "failed: q" in page
    assert (sweep / "contact.png").stat().st_size > 1000
    plain = cli("run", "tiny.gan", "--set", "side=16", "--set", "seed=2", "--cache-dir", "cache2",
                "--out", "plain", "-q")
    assert plain.exit_code == 0, plain.output
    for file in ("s.png", "q.json"):
        assert (tiny / "plain" / file).read_bytes() == (sweep / "side=16,seed=2" / file).read_bytes()
    again = cli("sweep", "tiny.gan", "--vary", "side=16", "--vary", "seed=1,2", "--cache-dir", "cache")
    assert again.exit_code == 0 and "0 computed" in again.output, again.output


def _unit(spec: dict, queue: object) -> None:
    from gandsl.engine.sweep_worker import run_unit

    queue.put(run_unit(spec)["status"])


def test_two_workers_computing_one_key_at_once_compute_it_once(tiny: Path):
    from gandsl.engine.sweep_worker import unit_spec
    from gandsl.numerics import Numerics

    spec = unit_spec(str(tiny), "tiny.gan", ("seed=1",), None, "d", str(tiny / "cache"),
                     str(tiny / "out"), "cpu", Numerics().material())
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    workers = [ctx.Process(target=_unit, args=(spec, queue)) for _ in range(2)]
    for w in workers:
        w.start()
    statuses = sorted(queue.get(timeout=120) for _ in workers)
    for w in workers:
        w.join()
    assert statuses == ["cached", "ran"]


def test_ray_missing_is_a_clear_error(tiny: Path, monkeypatch: pytest.MonkeyPatch):
    import sys

    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    out = CliRunner().invoke(group, ["sweep", "tiny.gan", "--vary", "seed=1,2", "--executor", "ray",
                                     "--cache-dir", "cache"])
    assert out.exit_code == 1 and "E811" in out.output and 'pip install "gandsl[ray]"' in out.output


@pytest.mark.slow
def test_ray_executor_gives_the_bytes_of_local_processes(tiny: Path):
    pytest.importorskip("ray")
    args = ["sweep", "tiny.gan", "--vary", "seed=1,2", "--only", "s", "--jobs", "2"]
    local = cli(*args, "--cache-dir", "cache", "--out", "local")
    assert local.exit_code == 0, local.output
    on_ray = cli(*args, "--cache-dir", "cache2", "--out", "ray", "--executor", "ray")
    assert on_ray.exit_code == 0, on_ray.output
    assert "5 distinct, 5 computed" in on_ray.output  # d, m, t once; s per seed (e is d)
    for name in ("seed=1", "seed=2"):
        assert (tiny / "ray" / name / "s.png").read_bytes() == \
            (tiny / "local" / name / "s.png").read_bytes()


@pytest.mark.slow
def test_sigterm_stops_every_worker_and_keeps_finished_nodes(tiny: Path):
    import os
    import signal
    import subprocess
    import sys
    import time

    (tiny / "tiny.gan").write_text(TINY.replace("param steps: int = 2", "param steps: int = 100000"))
    proc = subprocess.Popen([sys.executable, "-m", "gandsl", "sweep", "tiny.gan", "--vary", "seed=1,2",
                             "--cache-dir", "cache", "--jobs", "2"], cwd=tiny, start_new_session=True,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    line = ""
    while "m (model" not in line and time.time() < deadline:
        line = proc.stderr.readline()
    time.sleep(3)  # training has started
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 130, proc.stderr.read()
    for _ in range(100):  # no worker is left behind (the resource tracker exits last)
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("processes of the sweep outlived it")
    again = cli("sweep", "tiny.gan", "--vary", "seed=1,2", "--plan", "--cache-dir", "cache")
    assert "2 cached" in again.output, again.output  # d and m survived the interrupt


def test_torch_nodes_take_their_threads_in_cores_so_parallel_variants_never_oversubscribe(tiny: Path):
    import dataclasses

    from gandsl.engine.cache import Cache
    from gandsl.engine.sweep import build_sweep
    from gandsl.engine.sweep_run import SweepRunner, _submit_ready
    from gandsl.numerics import Numerics

    class Pool:
        def submit(self, fn: object, spec: dict) -> str:
            return spec["node"] + spec["sets"][0]

    cache = Cache.open(tiny / "cache")
    variants = make_variants([], parse_vary(["steps=2,3"]))
    numerics = dataclasses.replace(Numerics.detect("cpu"), threads=2)
    sweep = build_sweep(Path("tiny.gan"), variants, numerics, cache.files)
    runner = SweepRunner(sweep, cache, tiny / "out", "cpu")
    units = list(sweep.units.values())
    done = {"node": "x", "status": "ran", "digest": "0" * 64}
    for unit in units[:2]:  # d and m: data and model, one core each
        runner.results[unit.key] = done
    pending, running = units[2:], {}
    _submit_ready(runner, pending, running, Pool(), jobs=4, cores=2)
    assert sorted(u.node for u in running.values()) == ["t"]  # two trainings of 2 threads: one at a time
    pending, running = units[:2], {}
    runner.results.clear()
    _submit_ready(runner, pending, running, Pool(), jobs=4, cores=2)
    assert sorted(u.node for u in running.values()) == ["d", "m"]  # one core each: side by side
