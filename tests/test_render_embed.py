"""Rendered files carry their recipe: extract, --json, materialize, damaged files, replay sets."""
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from gandsl.cli.main import group
from gandsl.render.embed import materialize, read_meta, replay_sets, value_syntax
from gandsl.errors import RecipeError
from gandsl.render.clip import Clip
from gandsl.context import RunContext
from gandsl.ops.registry import get_op
from tiny_trained import TinyTrained

MAIN = '''gandsl 1
use "lib/base.gan" as base

param seed = 3

walk loop = great_circle {
  from   = base.run
  frames = 4
  seed   = seed
}

render anim = gif {
  frames = loop
}
'''
BASE = '''data digits = digits {
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
'''
META = {"gandsl": 1, "main": "art.gan", "params": {"seed": 3},
        "sources": {"art.gan": MAIN, "lib/base.gan": BASE + "# ünïcode, \\ ; = # \"quotes\"\n"}}
FORMATS = ["gif", "mp4", "webp", "frames", "sheet", "plot"]


def rendered(fmt: str, tmp_path: Path, meta: dict = META) -> Path:
    """A file of the format rendered with `meta` embedded."""
    ctx = RunContext(node="r", tmp_dir=tmp_path / fmt, recipe_meta=meta)
    if fmt in ("sheet", "plot"):
        return get_op("render", fmt).run(ctx, {}, {"from": TinyTrained()})
    frames = np.random.default_rng(1).integers(0, 255, (3, 8, 8, 3), dtype=np.uint8)
    return get_op("render", fmt).run(ctx, {}, {"frames": Clip(frames, 5.0)})


@pytest.mark.parametrize("fmt", FORMATS)
def test_extract_prints_the_recipe(fmt, tmp_path):
    out = rendered(fmt, tmp_path)
    result = CliRunner().invoke(group, ["extract", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(MAIN)
    assert "# --- lib/base.gan ---" in result.output
    as_json = CliRunner().invoke(group, ["extract", "--json", str(out)])
    assert json.loads(as_json.output) == META
    assert read_meta(out) == META


def test_extract_to_folder_writes_a_recipe_that_loads(tmp_path):
    from gandsl.engine.session import load_recipe

    out = rendered("gif", tmp_path)
    result = CliRunner().invoke(group, ["extract", str(out), "--to", str(tmp_path / "src")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "src" / "lib" / "base.gan").read_text() == META["sources"]["lib/base.gan"]
    recipe = load_recipe(tmp_path / "src" / "art.gan")
    assert set(recipe.nodes) >= {"loop", "anim"}


def test_materialize_returns_the_main_file(tmp_path):
    main = materialize(rendered("webp", tmp_path), tmp_path / "m")
    assert main == tmp_path / "m" / "art.gan" and main.read_text() == MAIN


@pytest.mark.parametrize("bad", ["../evil.gan", "/abs/evil.gan", "lib/../../evil.gan"])
def test_materialize_refuses_paths_leaving_the_folder(bad, tmp_path):
    meta = dict(META, sources={"art.gan": MAIN, bad: "x"})
    out = rendered("gif", tmp_path, meta)
    with pytest.raises(RecipeError, match="leaves its folder"):
        materialize(out, tmp_path / "m")
    assert not (tmp_path / "evil.gan").exists()


def plain_png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (4, 4)).save(path, format="PNG")
    return path


@pytest.mark.parametrize("case, message", [
    ("plain", "no gandsl recipe"),
    ("text", "not a PNG, GIF, WebP or MP4"),
    ("cut_gif", "cannot read"),
    ("cut_webp", "cannot read"),
    ("damaged_json", "damaged"),
])
def test_bad_files_are_clear_errors(case, message, tmp_path):
    target = tmp_path / "f"
    if case == "plain":
        plain_png(target)
    elif case == "text":
        target.write_text("gandsl 1\n")
    elif case.startswith("cut_"):
        target.write_bytes(rendered(case[4:], tmp_path).read_bytes()[:40])
    else:
        from gandsl.render.png import write_png

        write_png(np.zeros((2, 2, 3), np.uint8), target, '{"main": "a.gan"')
    result = CliRunner().invoke(group, ["extract", str(target)])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def test_replay_sets_restore_params():
    meta = {"params": {"seed": 3, "rate": 2e-4, "name": 'a "b"', "grid": {"size": [3, 2]},
                       "length": {"s": 4}, "count": {"f": 12}, "on": True, "none": None}}
    assert replay_sets(meta) == ["count=12f", "grid=3x2", "length=4s", 'name="a \\"b\\""',
                                 "on=true", "rate=0.0002", "seed=3"]
    assert value_syntax([1, 2]) == "[1, 2]"
    track = {"keys": [[{"s": 0}, 0.5, "linear"], [{"f": 24}, 1, "in_out"]]}
    assert value_syntax(track) == "keys { 0s: 0.5 ease linear, 24f: 1 ease in_out }"
