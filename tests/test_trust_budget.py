"""A node whose output would exceed the memory budget is refused before anything runs."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from gandsl.cli.main import group
from gandsl.engine.budget import estimate
from gandsl.engine.session import load_recipe
from tiny_recipes import tiny_training

HUGE = tiny_training(size=32, steps=5) + '''
walk w = slerp {
  from = t
  frames = 96
  grid = 64x64
}

render g = mp4 {
  frames = w
  scale = 32
}
'''


def test_the_estimate_follows_frames_grid_side_and_scale(tmp_path: Path):
    (tmp_path / "r.gan").write_text(HUGE)
    r = load_recipe(tmp_path / "r.gan")
    side = 64 * 32 + 63  # a 64x64 grid of 32 px grey samples with 1-pixel gaps
    walk = 96 * side * side
    assert estimate(r, r.nodes["w"]) == walk
    # the grey source, its enlarged copy and that copy as RGB for the encoder (no retiming here)
    assert estimate(r, r.nodes["g"]) == walk * (1 + 32 * 32 * (1 + 3))
    assert estimate(r, r.nodes["d"]) == 64 * 32 * 32


def test_check_plan_and_run_refuse_it_before_any_work(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.gan").write_text(HUGE)
    cache = ["--cache-dir", str(tmp_path / "c")]
    for command in (["check", "r.gan"], ["plan", "r.gan", *cache], ["run", "r.gan", *cache]):
        result = CliRunner().invoke(group, command)
        assert result.exit_code == 1, result.output
        assert "E037" in result.output and "node `g`" in result.output and "GiB" in result.output
        line = HUGE.split("\n").index("render g = mp4 {") + 1
        assert f"r.gan:{line}:1" in result.output  # the node's line, with a caret
    assert not (tmp_path / "c" / "objects").exists() and not (tmp_path / "out").exists()


def test_a_larger_budget_lets_it_through(tmp_path: Path):
    (tmp_path / "r.gan").write_text(HUGE.replace("grid = 64x64", "grid = 2x2"))
    ok = CliRunner().invoke(group, ["check", str(tmp_path / "r.gan"), "--max-memory", "2GiB"])
    assert ok.exit_code == 0, ok.output
    small = CliRunner().invoke(group, ["check", str(tmp_path / "r.gan"), "--max-memory", "1MB"])
    assert small.exit_code == 1 and "E037" in small.output


BASE = ("gandsl 1\ndata d = digits { size = 32 }\nmodel m = dcgan {}\n"
        "train t = gan { model = m  data = d }\n")
RESAMPLED = {  # the audit's cases: each passed `plan`, then ran out of memory after training
    "size": ("walk w = slerp { from = t  frames = 100 }\n"
             "render r = frames { frames = w  size = 8192x8192 }\n", 4),
    "speed": "walk w = slerp { from = t }\nrender r = gif { frames = w  speed = 0.01  scale = 8 }\n",
    "fps": ("walk w = slerp { from = t  fps = 1  duration = 60s }\n"
            "render r = mp4 { frames = w  fps = 240  scale = 16 }\n", 4),
    "seeds": ("render r = sheet { from = t  seeds = 0..9999  scale = 32 }\n", 4),
}


def _estimate(tmp_path: Path, body: str) -> int:
    (tmp_path / "r.gan").write_text(BASE + body)
    recipe = load_recipe(tmp_path / "r.gan")
    return estimate(recipe, recipe.nodes["r"])


def test_every_resampling_a_render_makes_is_in_the_estimate(tmp_path):
    plain = _estimate(tmp_path, "walk w = slerp { from = t }\nrender r = gif { frames = w }\n")
    slow = _estimate(tmp_path, RESAMPLED["speed"])
    assert slow > 100 * 64 * (96 * 32 * 32) > 1000 * plain  # 100x the grey frames, 64x the pixels
    for case in ("size", "fps", "seeds"):
        body, gib = RESAMPLED[case]
        (tmp_path / "r.gan").write_text(BASE + body)
        result = CliRunner().invoke(group, ["plan", str(tmp_path / "r.gan"), "--cache-dir",
                                            str(tmp_path / "c")])
        assert result.exit_code == 1 and "E037" in result.output, (case, result.output)
        assert _estimate(tmp_path, body) > gib * 2**30


def test_a_sheet_counts_its_upscaler(tmp_path):
    plain = _estimate(tmp_path, "render r = sheet { from = t }\n")
    upscaled = _estimate(tmp_path, "data lo = digits { size = 16 }\n"
                                   "train sr = srgan { data = d  factor = 4 }\n"
                                   "render r = sheet { from = t  upscale = sr }\n")
    assert upscaled == 16 * plain


def test_gif_frames_over_its_side_limit_are_refused(tmp_path):
    (tmp_path / "r.gan").write_text(BASE + "walk w = slerp { from = t  frames = 1  grid = 64x64 }\n"
                                    "render r = gif { frames = w  scale = 32 }\n")
    result = CliRunner().invoke(group, ["plan", str(tmp_path / "r.gan"), "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 1 and "65535 pixels" in result.output


def test_a_walk_sized_by_duration_and_fps_is_in_the_budget_too(tmp_path):
    by_count = _estimate(tmp_path, "walk w = slerp { from = t  frames = 7200 }\nrender r = mp4 { frames = w  scale = 8 }\n")
    by_time = _estimate(tmp_path, "walk w = slerp { from = t  duration = 300s  fps = 24 }\n"
                                  "render r = mp4 { frames = w  scale = 8 }\n")
    assert by_time == by_count > 1.5 * 2**30
    (tmp_path / "r.gan").write_text(BASE + "walk w = slerp { from = t  duration = 300s  fps = 24 }\n"
                                    "render r = mp4 { frames = w  scale = 8 }\n")
    result = CliRunner().invoke(group, ["check", str(tmp_path / "r.gan"), "--max-memory", "1GiB"])
    assert result.exit_code == 1 and "E037" in result.output
