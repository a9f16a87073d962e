"""Style transfer (SPEC §13): folder crops, `image`, `edges`, `train translate`, the `stylize` stage."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from click.testing import CliRunner
from PIL import Image

from gandsl.cli.main import group as cli
from gandsl.context import RunContext
from gandsl.data.folder import load_folder, read_crops
from gandsl.data.single import fitted_size, line_drawing, load_image
from gandsl.errors import NodeFailed
from gandsl.gan import checkpoint as ckpt
from gandsl.gan.translate_models import build_translate
from gandsl.gan.translate_train import TranslateTrained, fit_translate
from gandsl.ops.registry import get_op
from gandsl.render.stylize import stylize

SPEC = {"arch": "translate", "channels_a": 3, "channels_b": 3, "paired": False, "width": 4,
        "blocks": 2, "d_width": 4}


def picture(path: Path, w: int, h: int, seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8)).save(path)
    return path


def untrained(spec: dict = SPEC) -> TranslateTrained:
    torch.manual_seed(0)
    g, _ = build_translate(spec)
    with torch.no_grad():  # a generator that is not the identity
        for p in g.parameters():
            p.add_(torch.randn_like(p) * 0.05)
    return TranslateTrained({"G." + k: v for k, v in g.state_dict().items()}, {"model": spec, "step": 0})


def test_folder_crops_are_seeded_per_file_and_skip_small_images(tmp_path):
    picture(tmp_path / "a.png", 80, 60, 1)
    picture(tmp_path / "b.png", 90, 70, 2)
    picture(tmp_path / "tiny.png", 20, 20, 3)
    warnings: list[str] = []
    read = lambda p, size: read_crops(p, size, crops=5, crop=40, seed=7)  # noqa: E731
    images = load_folder(tmp_path, 16, 3, warnings.append, read)
    assert images.shape == (10, 3, 16, 16)
    assert "tiny.png" in warnings[0] and "smaller" in warnings[0]
    again = load_folder(tmp_path, 16, 3, lambda m: None, read)
    np.testing.assert_array_equal(images, again)
    (tmp_path / "b.png").unlink()  # the crops of a file do not depend on the other files
    np.testing.assert_array_equal(load_folder(tmp_path, 16, 3, lambda m: None, read), images[:5])


def test_folder_crops_all_too_small_is_a_clear_error(tmp_path):
    picture(tmp_path / "a.png", 20, 20)
    with pytest.raises(NodeFailed, match="no readable images"):
        load_folder(tmp_path, 16, 3, lambda m: None, lambda p, s: read_crops(p, s, 3, 64, 0))


def test_image_keeps_its_own_size_in_multiples_of_8(tmp_path):
    x = load_image(picture(tmp_path / "p.png", 203, 101), 1024, 3)
    assert x.shape == (1, 3, 96, 200)
    assert load_image(tmp_path / "p.png", 100, 1).shape == (1, 1, 48, 96)
    assert fitted_size(4000, 3000, 1024) == (1024, 768)


def test_image_check_errors(tmp_path):
    check = get_op("data", "image").module.check
    assert check({"path": str(tmp_path / "none.png"), "max_side": 64}, {})[0].code == "E091"
    (tmp_path / "bad.png").write_bytes(b"not an image")
    assert "not an image" in check({"path": str(tmp_path / "bad.png"), "max_side": 64}, {})[0].message
    picture(tmp_path / "small.png", 12, 40)
    assert "too small" in check({"path": str(tmp_path / "small.png"), "max_side": 64}, {})[0].message
    assert check({"path": str(picture(tmp_path / "ok.png", 40, 40)), "max_side": 64}, {}) == []


def test_edges_draw_dark_lines_on_white():
    x = np.full((1, 3, 32, 32), 30, np.uint8)
    x[:, :, :, 16:] = 220  # one vertical edge
    d = line_drawing(x, 0.5)
    assert d.shape == (1, 1, 32, 32)
    assert d[0, 0, :, 15:17].mean() < 100 and d[0, 0, :, :8].min() == 255 and d[0, 0, :, 24:].min() == 255


def test_stylize_in_tiles_equals_one_pass_without_seams():
    frames = np.random.default_rng(0).integers(0, 256, (1, 300, 520, 3), dtype=np.uint8)
    model = untrained()
    whole = stylize(frames, model, 1.0, "cpu", tiled=False).astype(int)
    tiled = stylize(frames, model, 1.0, "cpu", tiled=True).astype(int)
    assert whole.shape == (1, 300, 520, 3)
    assert np.abs(whole - tiled).max() <= 1 and (whole != tiled).mean() < 0.001
    assert np.abs(whole - frames).mean() > 2  # the model changed the picture


def test_stylize_strength_blends_and_channels_adapt():
    frames = np.random.default_rng(1).integers(0, 256, (2, 24, 40, 3), dtype=np.uint8)
    model = untrained()
    np.testing.assert_array_equal(stylize(frames, model, 0.0, "cpu"), frames)
    grey_model = untrained({**SPEC, "channels_a": 1, "paired": True})
    assert stylize(frames, grey_model, 1.0, "cpu").shape == (2, 24, 40, 3)


def params(**kw):
    p = {s.name: s.default for s in get_op("train", "translate").spec.params if not s.is_input}
    return {**p, "steps": 6, "crop": 16, "batch": 2, "width": 4, "blocks": 1, "d_width": 4,
            "patches": 8, "preview_every": 0, "checkpoint_every": 3, **kw}


def data(seed: int, n: int = 6) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (n, 3, 20, 20), dtype=np.uint8)


@pytest.mark.parametrize("kw", [{"paired": False}, {"paired": True}, {"detail": 1.0, "d_steps": 2}],
                         ids=["unpaired", "paired", "detail"])
def test_translate_resumes_bit_identically(tmp_path, kw):
    a, b = data(1), data(2)
    full = fit_translate(RunContext(node="t", work_dir=tmp_path / "a"), params(**kw), a, b)
    fit_translate(RunContext(node="t", work_dir=tmp_path / "b"), params(**kw, steps=3), a, b)
    said: list[str] = []
    more = fit_translate(RunContext(node="t", work_dir=tmp_path / "b", info=said.append), params(**kw), a, b)
    assert any("resuming from step 3" in s for s in said), "it must continue, not start over"
    assert ckpt.list_steps(tmp_path / "b")[-1] == 6
    assert full.tensors.keys() == more.tensors.keys()
    for k in full.tensors:
        assert torch.equal(full.tensors[k], more.tensors[k]), k


def test_detail_critic_is_blind_to_colour():
    """The second D reads high-pass grey: flat pictures of any colour look the same to it, lines do not."""
    torch.manual_seed(0)
    _, d = build_translate({**SPEC, "detail": True})
    flat = torch.stack([torch.full((3, 16, 16), v) for v in (-0.8, 0.1, 0.9)])  # [3,3,16,16]
    flat[1, 0] = -0.5  # another hue
    rgb, detail = (x.view(3, -1) for x in d(flat))  # [image, patch]
    assert not torch.allclose(rgb[0], rgb[1]) and not torch.allclose(rgb[1], rgb[2])
    assert torch.allclose(detail[0], detail[1]) and torch.allclose(detail[1], detail[2])
    lined = flat.clone()
    lined[:, :, 8] = -1.0  # a dark line across each
    assert not torch.allclose(d(lined)[1].view(3, -1), detail)


def test_paired_needs_pairs(tmp_path):
    with pytest.raises(NodeFailed, match="as many images"):
        fit_translate(RunContext(node="t", work_dir=tmp_path), params(paired=True), data(1, 6), data(2, 5))


RECIPE = """gandsl 1

data photos = photos {{
  size  = 16
  crop  = 48
  count = 8
}}

data look = shapes {{
  size     = 16
  count    = 8
  channels = 3
}}

train paint = translate {{
  a     = photos
  b     = look
  steps = 4
  crop  = 16
  width = 4
}}

data one = image {{
  path = "{photo}"
}}

data sk = edges {{
  from = photos
}}

train drawn = translate {{
  a      = sk
  b      = photos
  paired = true
  steps  = 3
  crop   = 16
  width  = 4
}}

stylize painted = translate {{
  frames = one
  model  = paint
}}

stylize drawn_back = translate {{
  frames   = sk
  model    = drawn
  strength = 0.5
}}

render p = frames {{
  frames = painted
  out    = "painted"
}}

render g = gif {{
  frames = drawn_back
  out    = "drawn.gif"
}}
"""


@pytest.mark.slow
def test_a_style_recipe_runs_end_to_end(tmp_path):
    photo = picture(tmp_path / "in.png", 70, 45)
    recipe = tmp_path / "style.gan"
    recipe.write_text(RECIPE.format(photo=photo.name))
    runner = CliRunner()
    result = runner.invoke(cli, ["run", str(recipe), "--cache-dir", str(tmp_path / "c"),
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    frame = Image.open(tmp_path / "out" / "painted" / "frame_00000.png")
    assert frame.size == (64, 40)
    assert (tmp_path / "out" / "drawn.gif").exists()
    again = runner.invoke(cli, ["run", str(recipe), "--cache-dir", str(tmp_path / "c"),
                                "--out", str(tmp_path / "out")])
    assert again.exit_code == 0 and "ran" not in again.output.split("nodes:")[-1]


def test_stylize_needs_a_translate_model(tmp_path):
    recipe = tmp_path / "r.gan"
    recipe.write_text(RECIPE.format(photo="x.png").replace("model  = paint", "model  = photos"))
    result = CliRunner().invoke(cli, ["check", str(recipe)])
    assert result.exit_code == 1
    assert "E091" in result.output and "x.png" in result.output  # no such image
    assert "^^^^^^ a data node" in result.output  # a stylize model must be a translate node


@pytest.mark.parametrize("a_count,b_count", [(3, 4), (3, 3)])
def test_paired_folders_of_different_sizes_are_a_check_error(tmp_path, a_count, b_count):
    for name, n in (("a", a_count), ("b", b_count)):
        (tmp_path / name).mkdir()
        for i in range(n):
            picture(tmp_path / name / f"p{i}.png", 24, 24, seed=i)
    recipe = tmp_path / "r.gan"
    recipe.write_text('gandsl 1\ndata a = folder { path = "a"  size = 16 }\n'
                      'data b = folder { path = "b"  size = 16 }\n'
                      "train t = translate { a = a  b = b  paired = true }\n")
    result = CliRunner().invoke(cli, ["check", str(recipe)])
    if a_count == b_count:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code != 0 and "E090" in result.output and "(3 vs 4)" in result.output
        assert "r.gan:4:" in result.output, "the error points at the recipe line"
