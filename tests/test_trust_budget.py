"""A node whose output would exceed the memory budget is refused before anything runs."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from gandsl.cli.main import group
from gandsl.engine.budget import estimate
from gandsl.lang.load import load_recipe

HUGE = '''data d = digits {
  size = 32
  count = 64
}

model m = dcgan {
  latent = 4
  width = 4
}

train t = gan {
  model = m
  data = d
  steps = 5
}

walk w = slerp {
  from = t
  frames = 96
  grid = 64x64
}

render g = gif {
  frames = w
  scale = 32
}
'''


def test_the_estimate_follows_frames_grid_side_and_scale(tmp_path: Path):
    (tmp_path / "r.gan").write_text(HUGE)
    r = load_recipe(tmp_path / "r.gan")
    walk = 96 * 64 * 64 * 32 * 32 * 3
    assert estimate(r, r.nodes["w"]) == walk
    assert estimate(r, r.nodes["g"]) == walk * (1 + 32 * 32)
    assert estimate(r, r.nodes["d"]) == 64 * 32 * 32


def test_check_plan_and_run_refuse_it_before_any_work(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.gan").write_text(HUGE)
    cache = ["--cache-dir", str(tmp_path / "c")]
    for command in (["check", "r.gan"], ["plan", "r.gan", *cache], ["run", "r.gan", *cache]):
        result = CliRunner().invoke(group, command)
        assert result.exit_code == 1, result.output
        assert "E037" in result.output and "node `g`" in result.output and "GiB" in result.output
        assert "r.gan:23:1" in result.output  # the node's line, with a caret
    assert not (tmp_path / "c" / "objects").exists() and not (tmp_path / "out").exists()


def test_a_larger_budget_lets_it_through(tmp_path: Path):
    (tmp_path / "r.gan").write_text(HUGE.replace("grid = 64x64", "grid = 2x2"))
    ok = CliRunner().invoke(group, ["check", str(tmp_path / "r.gan"), "--max-memory", "2GiB"])
    assert ok.exit_code == 0, ok.output
    small = CliRunner().invoke(group, ["check", str(tmp_path / "r.gan"), "--max-memory", "1MB"])
    assert small.exit_code == 1 and "E037" in small.output
