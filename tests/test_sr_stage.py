"""The upscale stage, `render compare` and `eval sr_quality`, on a tiny real upscaler, through the CLI."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from gandsl.cli.main import group

import torch  # noqa: E402 (a hard dependency: never skipped)

RECIPE = """\
data sharp = shapes {
  size     = 16
  count    = 30
  channels = 3
}

train sr = srgan {
  data          = sharp
  factor        = 2
  steps         = 6
  warmup        = 3
  batch         = 4
  patch         = 8
  width         = 8
  blocks        = 2
  d_width       = 8
  holdout       = 0.2
  preview_every = 0
}

upscale big = sr {
  frames = sharp
  model  = sr
}

upscale bigger = resize {
  frames = big
  factor = 2
  filter = "lanczos"
}

render gif = gif {
  frames = bigger
}

render cmp = compare {
  frames = sharp
  model  = sr
  count  = 3
}

eval q = sr_quality {
  model = sr
  data  = sharp
}
"""


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    root = tmp_path_factory.mktemp("sr")
    (root / "r.gan").write_text(RECIPE)
    result = CliRunner().invoke(group, ["run", str(root / "r.gan"), "--out", str(root / "out"),
                                        "--cache-dir", str(root / "cache")])
    assert result.exit_code == 0, result.output
    return root, result.output


def test_run_renders_upscaled_frames_comparison_and_report(ran):
    from PIL import Image

    root, output = ran
    with Image.open(root / "out" / "gif.gif") as gif:
        assert gif.size == (64, 64) and gif.n_frames == 30
    with Image.open(root / "out" / "cmp.png") as cmp:
        assert cmp.width == 3 * 32 + 2 * 2 and cmp.height > 3 * 32
    report = json.loads((root / "out" / "q.json").read_text())
    assert report["held_out"] is True and report["images"] == 6 and report["factor"] == 2
    assert set(report["learned"]) == {"psnr", "ssim"} and "PSNR" in output and "vs bicubic" in output


def test_rerun_is_cached(ran):
    root, _ = ran
    result = CliRunner().invoke(group, ["run", str(root / "r.gan"), "--out", str(root / "out"),
                                        "--cache-dir", str(root / "cache")])
    assert result.exit_code == 0 and " ran " not in result.output


def test_learned_upscaling_is_deterministic_per_frame_whatever_the_batch():
    from gandsl.render.upscale import learned
    from test_sr_train import train
    from gandsl.context import RunContext

    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "w"
        work.mkdir()
        trained = train(RunContext(node="sr", work_dir=work, out_dir=Path(tmp), tmp_dir=Path(tmp)))
    frames = np.random.default_rng(0).integers(0, 256, (5, 6, 6, 1), dtype=np.uint8)
    a = learned(frames, trained, "cpu", 5)
    b = learned(frames, trained, "cpu", 2)
    assert a.shape == (5, 12, 12, 1) and np.array_equal(a, b)
    assert np.array_equal(learned(frames[3:4], trained, "cpu", 1)[0], a[3])


def test_resize_filters():
    from gandsl.render.upscale import as_clip, resize

    frames = np.arange(2 * 3 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3, 3)
    near = resize(frames, 2, "nearest")
    assert near.shape == (2, 6, 6, 3) and np.array_equal(near[:, ::2, ::2], frames)
    for f in ("bicubic", "lanczos"):
        assert resize(frames, 3, f).shape == (2, 9, 9, 3)
    clip = as_clip(np.zeros((4, 1, 5, 7), np.uint8))
    assert clip.frames.shape == (4, 5, 7, 1) and clip.fps > 0


CHAIN = """\
data digits = digits { size = 32 }
model net = dcgan {}
train gan = gan { model = net  data = digits }
walk loop = great_circle { from = gan  frames = 2000  grid = 4x4 }
upscale big = resize { frames = loop  factor = 4 }
upscale bigger = resize { frames = big  factor = 4 }
render gif = gif { frames = bigger }
"""


def test_an_upscale_chain_over_the_memory_budget_is_refused_at_check(tmp_path: Path):
    (tmp_path / "chain.gan").write_text(CHAIN)
    result = CliRunner().invoke(group, ["check", str(tmp_path / "chain.gan")])
    assert result.exit_code == 1 and "E037" in result.output and "`bigger`" in result.output
    assert "`big`" not in result.output.replace("`bigger`", ""), "x4 of the walk fits"
    assert "\n6 | upscale bigger" in result.output and "^" in result.output
    ok = CliRunner().invoke(group, ["check", str(tmp_path / "chain.gan"), "--max-memory", "64GiB"])
    assert ok.exit_code == 0, ok.output


def test_budget_estimates_follow_upscale_chains():
    from gandsl.engine.budget import estimate
    from gandsl.engine.session import load_recipe
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "c.gan").write_text(CHAIN)
        recipe = load_recipe(Path(tmp) / "c.gan")
    side = 4 * 32 + 3 * 1  # a 4x4 grid of 32 px cells with 1 px gaps
    assert estimate(recipe, recipe.nodes["big"]) == 2000 * (side * 4) ** 2
    assert estimate(recipe, recipe.nodes["bigger"]) == 2000 * (side * 16) ** 2
    # the grey frames, their RGB copy for the encoder and its palette images
    assert estimate(recipe, recipe.nodes["gif"]) == (1 + 3 + 1) * 2000 * (side * 16) ** 2
