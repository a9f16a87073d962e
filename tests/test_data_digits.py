"""The digits data op: shape, range, determinism, ink contrast and speed of generation."""
import time

import numpy as np

from gandsl.ops import data_digits
from gandsl.context import RunContext

PARAMS = {"size": 16, "channels": 1, "count": 24, "seed": 3}


def make(**changes):
    return data_digits.run(RunContext(node="d"), PARAMS | changes, {})


def test_shape_dtype_and_white_on_black():
    images = make()
    assert images.shape == (24, 1, 16, 16) and images.dtype == np.uint8
    assert images.max() == 255 and images[:, :, 0, :].mean() < 10  # black paper at the top edge
    assert 0.08 < (images > 127).mean() < 0.45                      # strokes, not blobs or nothing


def test_same_seed_same_images_other_seed_differs():
    assert np.array_equal(make(), make())
    assert not np.array_equal(make(), make(seed=4))


def test_three_channels_repeat_the_grey():
    rgb = make(channels=3)
    assert rgb.shape == (24, 3, 16, 16)
    assert np.array_equal(rgb[:, 0], make()[:, 0]) and np.array_equal(rgb[:, 0], rgb[:, 2])


def test_strokes_are_crisp_not_blurry():
    images = make(size=32, count=50)
    mid_grey = ((images > 40) & (images < 215)).mean() / max((images >= 215).mean(), 1e-9)
    assert mid_grey < 0.8


def test_four_thousand_digits_in_a_couple_of_cpu_seconds():
    start = time.process_time()  # CPU time: other jobs on a loaded machine do not count
    make(size=32, count=4000)
    assert time.process_time() - start < 4.0
