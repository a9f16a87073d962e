"""Scheduler behaviour with fake counting ops: caching, early cutoff, --only/--force, failures."""
from __future__ import annotations

import json

import pytest

from engine_fakes import RUNLOG, chain, run, runs

ALL = ["d", "m", "t", "w", "r", "e"]


@pytest.fixture
def env(tmp_path, monkeypatch):
    log = tmp_path / "runs.txt"
    monkeypatch.setenv(RUNLOG, str(log))
    return tmp_path, tmp_path / "cache", tmp_path / "out", log


def test_first_run_runs_all_and_second_run_is_all_cached(env):
    tmp, cache, out, log = env
    assert set(run(chain(tmp / "r.gan"), cache, out).values()) == {"ran"}
    assert runs(log) == ALL
    assert set(run(chain(tmp / "r.gan"), cache, out).values()) == {"cached"}
    assert runs(log) == ALL
    assert json.loads((out / "r.txt").read_text()) == 1 + 1 + 10


def test_edited_param_reruns_only_that_node_and_descendants(env):
    tmp, cache, out, log = env
    run(chain(tmp / "r.gan"), cache, out)
    log.unlink()
    status = run(chain(tmp / "r.gan", k=5), cache, out)
    assert runs(log) == ["w", "r"]
    assert status["t"] == "cached" and status["w"] == "ran"
    assert json.loads((out / "r.txt").read_text()) == 17


def test_renamed_node_stays_cached(env):
    tmp, cache, out, log = env
    run(chain(tmp / "r.gan"), cache, out)
    log.unlink()
    status = run(chain(tmp / "r.gan", names={"t": "training", "d": "digits"}), cache, out)
    assert runs(log) == []
    assert status["training"] == "cached"


def test_unkeyed_param_and_out_path_do_not_change_keys(env):
    tmp, cache, out, log = env
    run(chain(tmp / "r.gan"), cache, out)
    log.unlink()
    run(chain(tmp / "r.gan", every=99, out="sub/pic.txt"), cache, out)
    assert runs(log) == []
    assert (out / "sub" / "pic.txt").read_text() == (out / "r.txt").read_text()


def test_recipe_text_change_reruns_renders_only(env):
    tmp, cache, out, log = env
    run(chain(tmp / "r.gan"), cache, out)
    log.unlink()
    run(chain(tmp / "r.gan", text="edited comment"), cache, out)
    assert runs(log) == ["r"]


def test_early_cutoff_identical_output_keeps_dependents_cached(env):
    tmp, cache, out, log = env
    run(chain(tmp / "r.gan", x=11, div=10), cache, out)
    log.unlink()
    status = run(chain(tmp / "r.gan", x=12, div=10), cache, out)
    assert runs(log) == ["d"]
    assert status["d"] == "ran" and status["t"] == "cached"


def test_only_runs_target_and_ancestors(env):
    tmp, cache, out, log = env
    status = run(chain(tmp / "r.gan"), cache, out, only=["t"])
    assert list(status) == ["d", "m", "t"]
    assert runs(log) == ["d", "m", "t"]
    assert not (out / "r.txt").exists()


def test_force_reruns_node_and_descendants(env):
    tmp, cache, out, log = env
    run(chain(tmp / "r.gan"), cache, out)
    log.unlink()
    status = run(chain(tmp / "r.gan"), cache, out, force=["w"])
    assert runs(log) == ["w", "r"]
    assert status["t"] == "cached"


def test_failing_node_skips_dependents_and_others_finish(env):
    tmp, cache, out, log = env
    recipe = chain(tmp / "r.gan", fail=True)
    status = run(recipe, cache, out)
    assert status == {"d": "ran", "m": "ran", "t": "failed", "w": "skipped",
                      "r": "skipped", "e": "skipped"}


def test_deleted_output_is_restored_without_recomputing(env):
    tmp, cache, out, log = env
    run(chain(tmp / "r.gan"), cache, out)
    (out / "r.txt").unlink()
    (out / "e.txt").write_text("tampered")
    log.unlink()
    run(chain(tmp / "r.gan"), cache, out)
    assert runs(log) == []
    assert json.loads((out / "r.txt").read_text()) == 12
    assert (out / "e.txt").read_text() == "12"


def test_resume_param_shares_the_work_dir(env):
    tmp, cache, out, log = env
    run(chain(tmp / "r.gan", steps=10), cache, out, only=["t"])
    seen = list((cache / "work").rglob("seen.txt"))
    run(chain(tmp / "r.gan", steps=20), cache, out, only=["t"])
    assert list((cache / "work").rglob("seen.txt")) == seen
    assert seen[0].read_text() == "20"
    assert runs(log).count("t") == 2


def test_parallel_jobs_give_same_results(env):
    tmp, cache, out, log = env
    status = run(chain(tmp / "r.gan"), cache, out, jobs=3)
    assert set(status.values()) == {"ran"} and sorted(runs(log)) == sorted(ALL)
    assert json.loads((out / "r.txt").read_text()) == 12
    assert set(run(chain(tmp / "r.gan"), cache, out, jobs=3).values()) == {"cached"}
