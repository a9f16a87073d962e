"""Data node storage (no pickle, memory-mapped load) and cheap imports of the data op modules."""
import json
import subprocess
import sys

import numpy as np
import pytest

from gandsl.data.store import load_images as load, save_images as save
from gandsl.ops.registry import ops_of_stage


def test_round_trip_without_pickle(tmp_path):
    images = np.random.default_rng(0).integers(0, 256, (5, 3, 8, 8), dtype=np.uint8)
    save(images, tmp_path)
    loaded = load(tmp_path)
    assert np.array_equal(loaded, images) and loaded.dtype == np.uint8
    assert isinstance(loaded, np.memmap)                  # a fast, lazy read
    np.load(tmp_path / "images.npy", allow_pickle=False)  # readable with pickle off
    loaded[0] = 0                                         # copy-on-write: the file is untouched
    assert np.array_equal(load(tmp_path), images)
    info = json.loads((tmp_path / "images.json").read_text())
    assert info == {"count": 5, "channels": 3, "height": 8, "width": 8, "dtype": "uint8"}


@pytest.mark.parametrize("bad", [np.zeros((2, 3, 4, 4), np.float32), np.zeros((2, 4, 4), np.uint8),
                                 np.zeros((2, 2, 4, 4), np.uint8), np.array([{"a": 1}], object)])
def test_refuses_anything_but_uint8_nchw(tmp_path, bad):
    with pytest.raises(ValueError):
        save(bad, tmp_path)


def test_every_data_op_saves_and_loads_through_the_registry(tmp_path):
    images = np.full((2, 1, 4, 4), 7, np.uint8)
    for op in ops_of_stage("data"):
        if op.spec.sound:  # its value is a sound (round trip: tests/test_music.py)
            continue
        folder = tmp_path / op.spec.name
        folder.mkdir()
        op.save(images, folder)
        assert np.array_equal(op.load(folder), images)


def test_importing_data_ops_is_cheap():
    modules = ", ".join(f"gandsl.ops.data_{name}" for name in
                        ("digits", "faces", "textures", "photos", "glyphs", "shapes", "folder",
                         "audio"))
    code = (f"import sys, {modules}\n"
            "heavy = ('torch', 'sklearn', 'skimage', 'matplotlib', 'imageio', 'PIL')\n"
            "print([name for name in heavy if name in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
