"""Planning (pure) and plan statuses with reasons."""
from __future__ import annotations

from pathlib import Path

import pytest

from engine_fakes import RUNLOG, chain, fake_ops, node, run
from gandsl.errors import RecipeError
from gandsl.engine.keys import FileDigests, Keyer
from gandsl.engine.cache import Cache
from gandsl.engine.dag import build_graph
from gandsl.engine.plan import make_plan
from gandsl.lang.resolved import ResolvedRecipe
from gandsl.engine.status import CACHED, PENDING, RUN, plan_status


def test_default_targets_are_renders_and_evals_with_ancestors(tmp_path):
    recipe = chain(tmp_path / "r.gan")
    plan = make_plan(build_graph(recipe))
    assert plan.targets == ("r", "e")
    assert plan.order == ("d", "m", "t", "w", "r", "e")
    assert plan.forced == frozenset()


def test_only_and_force(tmp_path):
    recipe = chain(tmp_path / "r.gan")
    assert make_plan(build_graph(recipe), only=["w"]).order == ("d", "m", "t", "w")
    plan = make_plan(build_graph(recipe), force=["t"])
    assert plan.forced == {"t", "w", "r", "e"}
    assert make_plan(build_graph(recipe), only=["t"], force=["w"]).forced == frozenset()


def test_unknown_node_is_a_recipe_error_with_hint(tmp_path):
    recipe = chain(tmp_path / "r.gan", names={"t": "train"})
    with pytest.raises(RecipeError) as err:
        make_plan(build_graph(recipe), only=["trian"])
    assert "did you mean `train`" in err.value.render()


def test_recipe_without_renders_targets_its_sinks(tmp_path):
    recipe = ResolvedRecipe(tmp_path / "r.gan", {"a": node("a", "data", "num", x=1),
                                                 "b": node("b", "data", "num", x=2)})
    assert make_plan(build_graph(recipe)).order == ("a", "b")


def _status(recipe: ResolvedRecipe, cache: Path, force=()) -> dict[str, tuple[str, str]]:
    keyer = Keyer(recipe, fake_ops, FileDigests(None))
    plan, engine = make_plan(build_graph(recipe), force=force), Cache(cache)
    result = plan_status(recipe, plan, engine.store, keyer, engine.records)
    return {s.node: (s.state, s.reason) for s in result}


def test_plan_status_reasons(tmp_path, monkeypatch):
    monkeypatch.setenv(RUNLOG, str(tmp_path / "log"))
    cache, out = tmp_path / "cache", tmp_path / "out"
    first = _status(chain(tmp_path / "r.gan"), cache)
    assert first["d"] == (RUN, "no cached entry") and first["t"][0] == PENDING
    run(chain(tmp_path / "r.gan", steps=800), cache, out)
    assert {s for s, _ in _status(chain(tmp_path / "r.gan", steps=800), cache).values()} == {CACHED}
    after = _status(chain(tmp_path / "r.gan", steps=1000), cache)
    assert after["d"][0] == CACHED
    assert after["t"] == (RUN, "steps 800 → 1000")
    assert after["w"] == (PENDING, "input t will rerun")
    forced = _status(chain(tmp_path / "r.gan", steps=800), cache, force=["w"])
    assert forced["w"] == (RUN, "forced (--force)") and forced["r"][0] == RUN


def test_plan_status_names_a_changed_input_when_upstream_is_cached(tmp_path, monkeypatch):
    monkeypatch.setenv(RUNLOG, str(tmp_path / "log"))
    cache, out = tmp_path / "cache", tmp_path / "out"
    run(chain(tmp_path / "r.gan", x=1), cache, out)
    run(chain(tmp_path / "r.gan", x=2), cache, out, only=["d"])
    status = _status(chain(tmp_path / "r.gan", x=2), cache)
    assert status["t"] == (RUN, "input d changed")


def test_graph_is_built_once_and_rejects_cycles(tmp_path):
    recipe = chain(tmp_path / "r.gan")
    plan = make_plan(build_graph(recipe))
    assert plan.inputs("t") == ["d", "m"] and plan.dependents("t") == ["w", "e"]
    assert make_plan(build_graph(recipe), only=["w"]).dependents("t") == ["w"]
    loop = ResolvedRecipe(tmp_path / "r.gan", {
        "a": node("a", "walk", "add", {"from": "b"}), "b": node("b", "walk", "add", {"from": "a"})})
    with pytest.raises(RecipeError) as err:
        build_graph(loop)
    assert err.value.diagnostics[0].code == "E030" and "`a` → `b` → `a`" in str(err.value)
