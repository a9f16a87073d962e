"""Pattern models drawn: swatches at exact sizes (one pass or tiles), walks of any size, tile upscales."""
import numpy as np
import pytest
from PIL import Image

import torch
torch.set_num_threads(1)

from gandsl.context import RunContext  # noqa: E402
from gandsl.lang.values import Size  # noqa: E402
from gandsl.ops.registry import get_op  # noqa: E402
from gandsl.render import swatch as swatches  # noqa: E402
from gandsl.render.seams import seam_score  # noqa: E402
from gandsl.render.upscale import resize  # noqa: E402
from test_pattern import SPEC, pattern_trained  # noqa: E402

WALK = {"frames": 3, "duration": None, "fps": 12.0, "grid": Size(1, 1), "truncation": 1.0,
        "ease": "linear", "seed": 0, "class": None, "batch": 8, "harmonics": 2, "radius": 1.0}


@pytest.fixture(scope="module")
def trained():
    return pattern_trained()


def swatch(tmp_path, trained, **params):
    p = {"size": Size(24, 16), "seeds": [1, 2], "seed": 0, "truncation": 1.0, "repeat": Size(2, 2), **params}
    return get_op("render", "swatch").run(RunContext(node="s", tmp_dir=tmp_path), p, {"from": trained})


def test_swatches_are_exactly_their_size_tile_and_repeat(tmp_path, trained):
    folder = swatch(tmp_path, trained)
    one = np.asarray(Image.open(folder / "seed-1.png"))
    assert one.shape == (16, 24, 3) and (folder / "seed-2.png").exists()
    assert seam_score(one) < 1.5
    rep = np.asarray(Image.open(folder / "repeat.png"))
    assert (rep[:32, :48] == np.tile(one, (2, 2, 1))).all()  # the first swatch, 2x2


def test_tiles_join_as_one_pass_would(trained, monkeypatch):
    z = swatches.swatch_latents(SPEC, 0, [3], 6, 10)
    g = trained.generator()
    whole = swatches.draw(g, z, SPEC, "cpu")
    monkeypatch.setattr(swatches, "PASS_BYTES", swatches.pass_bytes(SPEC, 20, 20))  # tiles of 1 cell
    assert swatches._tile_cells(SPEC, 6, 10) < 6
    tiled = swatches.draw(g, z, SPEC, "cpu")
    assert tiled.shape == whole.shape == (1, 24, 40, 3)
    assert np.abs(tiled.astype(int) - whole).max() <= 1  # float sums in another order


def test_a_seed_keeps_its_global_vector_at_every_size():
    small, big = swatches.swatch_latents(SPEC, 0, [5], 2, 2), swatches.swatch_latents(SPEC, 0, [5], 4, 6)
    assert np.array_equal(small[0, :SPEC["latent"], 0, 0], big[0, :SPEC["latent"], 3, 5])


def test_walk_frames_take_any_size_and_each_tiles(trained):
    clip = get_op("walk", "noise_loop").run(RunContext(node="w"), {**WALK, "size": Size(28, 12)},
                                            {"from": trained})
    assert clip.frames.shape == (3, 12, 28, 3)
    assert all(seam_score(f) < 1.3 for f in clip.frames)
    base = get_op("walk", "noise_loop").run(RunContext(node="w"), {**WALK, "size": None},
                                            {"from": trained})
    assert base.frames.shape == (3, 16, 16, 3)
    shown = get_op("walk", "noise_loop").run(RunContext(node="w"), {**WALK, "size": Size(28, 12),
                                             "repeat": Size(2, 1)}, {"from": trained})
    assert np.array_equal(shown.frames, np.tile(clip.frames, (1, 1, 2, 1)))  # side by side


@pytest.mark.parametrize("filter", ["bicubic", "lanczos"])
def test_tile_upscale_still_tiles(filter):
    one = np.random.default_rng(0).integers(0, 255, (1, 12, 10, 3), dtype=np.uint8)
    big = resize(one, 3, filter, tile=True)  # [1,36,30,3]
    around = resize(np.tile(one, (1, 3, 3, 1)), 3, filter)[:, 36:72, 30:60]  # the middle copy
    assert big.shape == (1, 36, 30, 3) and np.array_equal(big, around)
    assert not np.array_equal(resize(one, 3, filter), big)  # without `tile` the edges differ


class TinyUpscaler:
    """A stand-in `srgan` train node: an SR network with random (non-zero) weights."""

    channels = 3

    def upscaler(self, device):
        from gandsl.gan.sr_models import SRNet

        torch.manual_seed(0)
        net = SRNet(3, 2, 8, 2)
        for m in net.modules():
            if isinstance(m, torch.nn.Conv2d):
                torch.nn.init.normal_(m.weight, 0, 0.2)
        return net.eval()


def test_learned_tile_upscale_still_tiles():
    from gandsl.render.upscale import learned

    one = np.random.default_rng(1).integers(0, 255, (1, 10, 12, 3), dtype=np.uint8)
    big = learned(one, TinyUpscaler(), "cpu", 4, tile=True)  # [1,20,24,3]
    around = learned(np.tile(one, (1, 3, 3, 1)), TinyUpscaler(), "cpu", 4)[:, 20:40, 24:48]
    assert big.shape == (1, 20, 24, 3) and np.abs(big.astype(int) - around).max() <= 1
    assert np.abs(learned(one, TinyUpscaler(), "cpu", 4).astype(int) - big).max() > 8


def test_sheets_show_each_sample_repeated_2x2(tmp_path, trained):
    p = {"grid": Size(2, 1), "truncation": 1.0, "seed": 0, "by_class": False, "seeds": None,
         "labels": False, "scale": 1, "filter": "nearest"}
    path = get_op("render", "sheet").run(RunContext(node="s", tmp_dir=tmp_path), p, {"from": trained})
    sheet = np.asarray(Image.open(path))
    assert sheet.shape == (32, 32 * 2 + 1, 3)  # two 32 px cells (16 px samples, 2x2), a 1 px gap
    cell = sheet[:, :32]
    assert np.array_equal(cell[:16, :16], cell[16:, 16:])
