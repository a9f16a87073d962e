"""Renders: `fps` resamples the walk in time, `speed` plays it faster, `size`/`fit`/`background`
give an exact frame size, GIF palette options and the size warning."""
from pathlib import Path

import numpy as np
import pytest

from gandsl.errors import RecipeError
from gandsl.engine.session import load_recipe
from gandsl.lang.values import Size
from gandsl.context import RunContext
from gandsl.ops.registry import get_op
from gandsl.render.clip import Clip
from gandsl.render.fit import fit, parse_color, retime_indices

META = {"gandsl": 1, "main": "art.gan", "sources": {"art.gan": "# art\n"}, "params": {}}


def numbered(n: int, h: int = 4, w: int = 6) -> np.ndarray:
    """n frames whose pixels all hold the frame's index."""
    return np.repeat(np.arange(n, dtype=np.uint8), h * w * 3).reshape(n, h, w, 3)


def render(fmt: str, clip: Clip, tmp_path: Path, warn=print, **params) -> Path:
    ctx = RunContext(node="r", tmp_dir=tmp_path, recipe_meta=META, warn=warn)
    return get_op("render", fmt).run(ctx, params, {"frames": clip})


def pngs(folder: Path) -> list[np.ndarray]:
    from PIL import Image

    return [np.asarray(Image.open(p)) for p in sorted(folder.glob("*.png"))]


def test_fps_keeps_the_duration_and_speed_shortens_it():
    assert list(retime_indices(6, 12.0, 24.0)) == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert list(retime_indices(6, 12.0, 6.0)) == [0, 2, 4]
    assert list(retime_indices(6, 12.0, 12.0, speed=2.0)) == [0, 2, 4]
    assert len(retime_indices(72, 12.0, 24.0)) == 144       # a 6 s walk stays 6 s at 24 fps


def test_frames_render_resampled(tmp_path):
    out = render("frames", Clip(numbered(6), 12.0), tmp_path, fps=24.0)
    assert [int(f[0, 0, 0]) for f in pngs(out)] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    fast = render("frames", Clip(numbered(6), 12.0), tmp_path / "fast", speed=3.0)
    assert [int(f[0, 0, 0]) for f in pngs(fast)] == [0, 3]


def test_contain_pads_and_cover_crops():
    frames = np.full((1, 10, 20, 3), 200, dtype=np.uint8)
    tall = fit(frames, 30, 60, "contain", (255, 0, 0))
    assert tall.shape == (1, 60, 30, 3)
    assert tuple(tall[0, 0, 0]) == (255, 0, 0) and tuple(tall[0, 30, 15]) == (200, 200, 200)
    covered = fit(frames, 30, 60, "cover", (255, 0, 0))
    assert covered.shape == (1, 60, 30, 3) and (covered == 200).all()
    assert parse_color("#fff") == (255, 255, 255) and parse_color("teal") is None


def test_render_to_an_exact_size(tmp_path):
    from PIL import Image

    out = render("gif", Clip(numbered(3, 16, 16), 10.0), tmp_path, size=Size(54, 96),
                 background="#ffffff")
    with Image.open(out) as img:
        assert img.size == (54, 96)
        assert img.convert("RGB").getpixel((0, 0)) == (255, 255, 255)


def test_gif_palette_dither_and_size_warning(tmp_path):
    from PIL import Image

    rng = np.random.default_rng(0)
    frames = rng.integers(0, 256, (4, 32, 32, 3), dtype=np.uint8)
    warnings: list[str] = []
    out = render("gif", Clip(frames, 10.0), tmp_path, warn=warnings.append, colors=8, max_mb=0.001)
    with Image.open(out) as img:
        assert len(img.convert("RGB").getcolors(1 << 16)) <= 8
    assert len(warnings) == 1 and "max_mb" in warnings[0] and "mp4" in warnings[0]
    plain = render("gif", Clip(frames, 10.0), tmp_path / "p", colors=8)
    dithered = render("gif", Clip(frames, 10.0), tmp_path / "d", colors=8, dither=True)
    assert plain.read_bytes() != dithered.read_bytes()
    quiet: list[str] = []
    render("gif", Clip(frames, 10.0), tmp_path / "q", warn=quiet.append)
    assert quiet == []


def test_bad_background_is_a_check_error(tmp_path):
    recipe = tmp_path / "r.gan"
    recipe.write_text("data d = digits {}\nmodel m = dcgan {}\ntrain t = gan { model = m  data = d }\n"
                      "walk w = slerp { from = t }\n"
                      'render g = mp4 { frames = w  size = 1080x1920  fit = cover  background = "teal" }\n')
    with pytest.raises(RecipeError) as info:
        load_recipe(recipe)
    assert info.value.diagnostics[0].code == "E073" and info.value.diagnostics[0].span.line == 5


def test_a_seeds_sheet_draws_the_walks_latents_and_labels_them(tmp_path):
    from PIL import Image

    from gandsl.render.paths import key_latents
    from tiny_trained import TinyTrained

    trained = TinyTrained(latent=8, resolution=16, channels=1)
    sheet = get_op("render", "sheet")
    ctx = RunContext(node="s", tmp_dir=tmp_path, recipe_meta=META)
    plain = np.asarray(Image.open(sheet.run(ctx, {"seeds": [3, 14, 27], "grid": Size(2, 2)},
                                            {"from": trained})))
    assert plain.shape == (2 * 16 + 1, 2 * 16 + 1)               # 2 to a row, the last row short
    from gandsl.render.sample import generate

    walk_key = generate(trained, key_latents(0, [14], 1, 8)[:, 0], "cpu", 8)[0, ..., 0]
    assert np.array_equal(plain[:16, 17:], walk_key)             # seed 14 = the walk's key 14
    assert not plain[17:, 17:].any()                             # the empty cell stays black
    ctx = RunContext(node="s", tmp_dir=tmp_path / "l", recipe_meta=META)
    labelled = np.asarray(Image.open(sheet.run(ctx, {"seeds": [3, 14, 27], "grid": Size(2, 2),
                                                     "labels": True}, {"from": trained})))
    assert labelled.shape == (2 * 28 + 1, 2 * 16 + 1) and labelled[16:28, :16].any()


def test_labels_need_seeds(tmp_path):
    recipe = tmp_path / "r.gan"
    recipe.write_text("data d = digits {}\nmodel m = dcgan {}\ntrain t = gan { model = m  data = d }\n"
                      "render s = sheet { from = t  labels = true }\n"
                      "render ok = sheet { from = t  seeds = 0..63  labels = true }\n")
    with pytest.raises(RecipeError) as info:
        load_recipe(recipe)
    assert [d.code for d in info.value.diagnostics] == ["E074"]
