"""End to end: a tiny recipe renders every format; `gandsl run FILE` replays it byte for byte."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gandsl.cli.main import group

RECIPE = '''gandsl 1

param seed = 3

data digits = digits {
  size = 16
}

model net = dcgan {
  latent = 8
  width = 8
}

train run = gan {
  model = net
  data = digits
  steps = 2
  batch = 4
}

walk loop = great_circle {
  from   = run
  frames = 5
  grid   = 2x1
  truncation = keys { 0f: 0.5, 5f: 1.0 ease in_out }
  seed   = seed
}

render anim = gif {
  frames = loop
  scale  = 2
}

render movie = mp4 {
  frames = loop
}

render still = webp {
  frames = loop
}

eval score = swd {
  from = run
  data = digits
  samples = 32
}
'''
FILES = ["anim.gif", "movie.mp4", "still.webp"]


@pytest.mark.slow
def test_render_extract_and_replay_byte_for_byte(tmp_path: Path):
    recipe = tmp_path / "art.gan"
    recipe.write_text(RECIPE)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    first = CliRunner().invoke(group, ["run", str(recipe), "--out", str(tmp_path / "a"), *cache])
    assert first.exit_code == 0, first.output
    report = json.loads((tmp_path / "a" / "score.json").read_text())
    assert report["mean"] > 0
    assert f"swd {report['mean']:.2f}" in first.output  # shown in the run table
    for name in FILES:
        shown = CliRunner().invoke(group, ["extract", str(tmp_path / "a" / name)])
        assert shown.output == recipe.read_text()
    forced = ["--force", "loop", "--force", "anim", "--force", "movie", "--force", "still"]
    again = CliRunner().invoke(group, ["run", str(tmp_path / "a" / "anim.gif"), "--out",
                                       str(tmp_path / "b"), *forced, *cache])
    assert again.output.count(" ran ") >= 4, again.output
    assert again.exit_code == 0, again.output
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


@pytest.mark.slow
def test_a_frames_folder_replays_its_recipe(tmp_path: Path):
    recipe = tmp_path / "art.gan"
    pngs = 'render pngs = frames {\n  frames = loop\n  out = "pngs"\n}\n\n'
    recipe.write_text(RECIPE.replace("render anim = gif {", pngs + "render anim = gif {"))
    cache = ["--cache-dir", str(tmp_path / "cache")]
    first = CliRunner().invoke(group, ["run", str(recipe), "--only", "pngs",
                                       "--out", str(tmp_path / "a"), *cache])
    assert first.exit_code == 0, first.output
    again = CliRunner().invoke(group, ["run", str(tmp_path / "a" / "pngs"), "--only", "pngs",
                                       "--out", str(tmp_path / "b"), *cache])
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in (tmp_path / "b" / "pngs").iterdir()) == [
        f"frame_{i:05d}.png" for i in range(5)]


def test_overrides_of_files_without_a_record_are_found_from_defaults():
    from gandsl.render.embed import overrides

    source = 'param steps: int = 500\nparam t = 2s\nparam name = "a"\nparam f: float = 2\n'
    meta = {"main": "r.gan", "sources": {"r.gan": source},
            "params": {"steps": 800, "t": {"s": 2}, "name": "b", "f": 2}}
    assert overrides(meta) == ['name="b"', "steps=800"]
    assert overrides({**meta, "sets": {"steps": 900}}) == ["steps=900"]
