"""Sliced Wasserstein distance: pyramid, ordering of real/real vs real/noise, the eval op."""
import json

import numpy as np
import pytest
import torch

from gandsl.context import RunContext
from gandsl.ops.registry import get_op
from tiny_trained import TinyTrained
from gandsl.gan.swd import laplacian_pyramid, patches, swd

torch.set_num_threads(1)


def blobs(n: int, seed: int, res: int = 32) -> np.ndarray:
    """Images [n, 3, res, res] of three soft coloured blobs: a stand-in 'real' distribution."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:res, 0:res]
    out = np.zeros((n, 3, res, res))
    for _ in range(3):
        cx, cy = rng.uniform(4, res - 4, (2, n, 1, 1))
        r = rng.uniform(2, 6, (n, 1, 1))
        colour = rng.uniform(0, 1, (n, 3, 1, 1))
        out += colour * np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r))[:, None]
    return (np.clip(out, 0, 1) * 255).astype(np.uint8)


def test_pyramid_goes_down_to_16_px():
    x = np.random.default_rng(0).random((2, 1, 64, 64)).astype(np.float32)
    levels = laplacian_pyramid(x)
    assert [lv.shape[2] for lv in levels] == [64, 32, 16]
    flat = np.random.default_rng(0).random((1, 1, 16, 16)).astype(np.float32)
    assert len(laplacian_pyramid(flat)) == 1


def test_patches_are_normalised_per_channel():
    level = np.random.default_rng(0).random((8, 3, 16, 16)).astype(np.float32) * 5 + 2
    desc = patches(level, 16, np.random.default_rng(0))
    assert desc.shape == (128, 3 * 49)
    per_channel = desc.reshape(128, 3, 49)
    np.testing.assert_allclose(per_channel.mean(axis=(0, 2)), 0, atol=1e-4)
    np.testing.assert_allclose(per_channel.std(axis=(0, 2)), 1, atol=1e-3)


def test_real_vs_real_is_closer_than_real_vs_noise():
    real, other = blobs(128, 1), blobs(128, 2)
    noise = np.random.default_rng(3).integers(0, 256, real.shape, dtype=np.uint8)
    same, far = swd(real, other), swd(real, noise)
    assert set(same["swd"]) == {"32", "16"}
    assert same["mean"] * 3 < far["mean"]
    assert all(same["swd"][k] < far["swd"][k] for k in same["swd"])
    assert swd(real, other) == same  # seeded


def test_mismatched_shapes_are_refused():
    with pytest.raises(ValueError):
        swd(blobs(4, 0, 32), blobs(4, 0, 16))


def test_eval_op_writes_a_json_report(tmp_path):
    trained = TinyTrained(latent=8, resolution=16, channels=3)
    data = blobs(40, 0, 16)
    op = get_op("eval", "swd")
    out = op.run(RunContext(node="e", tmp_dir=tmp_path), {"samples": 32},
                 {"from": trained, "data": data})
    report = json.loads(out.read_text())
    assert report["images"] == 32 and set(report["swd"]) == {"16"} and report["mean"] > 0
    (tmp_path / "store").mkdir()
    op.save(out, tmp_path / "store")
    assert op.load(tmp_path / "store").name == "artifact.json"


def test_eval_op_refuses_mismatched_data(tmp_path):
    from gandsl.errors import NodeFailed

    with pytest.raises(NodeFailed, match="differ"):
        get_op("eval", "swd").run(RunContext(node="e", tmp_dir=tmp_path), {"samples": 16},
                                  {"from": TinyTrained(channels=1), "data": blobs(20, 0, 16)})
