"""Built-in data ops at a tiny size: shape, dtype, range, channels, determinism per seed."""
import numpy as np
import pytest
from PIL import Image

from gandsl.errors import NodeFailed
from gandsl.context import RunContext
from gandsl.ops.registry import get_op

BUILTIN = ("digits", "faces", "textures", "photos", "glyphs", "shapes")
NATIVE_CHANNELS = {"digits": 1, "faces": 1, "glyphs": 1, "textures": 3, "photos": 3, "shapes": 3}


def make(name, warnings=None, **changes):
    op = get_op("data", name)
    params = {p.name: p.default for p in op.spec.params} | {"size": 16, "count": 12} | changes
    ctx = RunContext(node=name, warn=(warnings.append if warnings is not None else print))
    return op.run(ctx, params, {})


@pytest.mark.parametrize("name", BUILTIN)
@pytest.mark.parametrize("channels", (1, 3))
def test_shape_dtype_and_range(name, channels):
    images = make(name, channels=channels)
    assert images.shape == (12, channels, 16, 16) and images.dtype == np.uint8
    assert images.std() > 10, "images are not blank"
    assert len({images[i].tobytes() for i in range(12)}) > 6, "images vary"


@pytest.mark.parametrize("name", BUILTIN)
def test_deterministic_per_seed(name):
    assert np.array_equal(make(name, seed=5), make(name, seed=5))
    assert not np.array_equal(make(name, seed=5), make(name, seed=6))


@pytest.mark.parametrize("name", BUILTIN)
def test_defaults_give_native_channels(name):
    op = get_op("data", name)
    assert next(p.default for p in op.spec.params if p.name == "channels") in (1, 3)
    assert make(name, channels=NATIVE_CHANNELS[name]).shape[1] == NATIVE_CHANNELS[name]


def test_grey_from_rgb_is_luminance():
    rgb, grey = make("shapes", seed=2), make("shapes", seed=2, channels=1)
    luma = 0.299 * rgb[:, 0] + 0.587 * rgb[:, 1] + 0.114 * rgb[:, 2]
    assert np.abs(grey[:, 0] - luma).max() <= 0.5 + 1e-6


def test_channels_two_is_an_error():
    with pytest.raises(NodeFailed, match="channels"):
        make("digits", channels=2)


def test_crop_ops_read_a_given_image(tmp_path):
    path = tmp_path / "stripes.png"
    stripes = np.zeros((40, 60, 3), np.uint8)
    stripes[:, ::2] = (255, 0, 0)
    Image.fromarray(stripes).save(path)
    images = make("textures", image=str(path), crop=8)
    assert images[:, 2].max() == 0 and images[:, 0].max() > 100      # red only, never blue
    assert get_op("data", "textures").files({"image": str(path)}) == [path]
    assert get_op("data", "photos").files({"image": None}) == []


def test_crop_larger_than_image_is_shrunk_with_a_warning(tmp_path):
    path = tmp_path / "small.png"
    Image.new("RGB", (20, 30), (10, 200, 30)).save(path)
    warnings = []
    assert make("photos", warnings, image=str(path), crop=64).shape == (12, 3, 16, 16)
    assert len(warnings) == 1 and "64" in warnings[0]


def test_missing_or_broken_image_fails_naming_it(tmp_path):
    with pytest.raises(NodeFailed, match="nope.png"):
        make("photos", image=str(tmp_path / "nope.png"))
    (tmp_path / "bad.png").write_bytes(b"not a png")
    with pytest.raises(NodeFailed, match="bad.png"):
        make("textures", image=str(tmp_path / "bad.png"))


def test_bad_glyph_and_shape_choices_fail():
    with pytest.raises(NodeFailed, match="chars"):
        make("glyphs", chars="  ")
    with pytest.raises(NodeFailed, match="shapes"):
        make("shapes", shapes=["hexagon"])


@pytest.mark.parametrize("font", ("sans", "serif", "mono"))
def test_each_font_family_draws(font):
    assert make("glyphs", font=font, chars="AB").max() == 255
