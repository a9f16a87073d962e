"""Walk ops on a tiny generator: frame counts, grid tiling, batching, tracks, seeds, storage."""
import numpy as np
import pytest
import torch

from gandsl.render.clip import Clip
from gandsl.context import RunContext
from gandsl.ops.registry import get_op
from tiny_trained import TinyTrained
from gandsl.lang.values import Duration, Keyframe, Size, Track

torch.set_num_threads(1)
WALKS = ["slerp", "spline", "great_circle", "noise_loop"]


@pytest.fixture(scope="module")
def trained():
    return TinyTrained(latent=8, resolution=16, channels=3)


def walk(name, trained, **params):
    return get_op("walk", name).run(RunContext(node="w"), params, {"from": trained})


@pytest.mark.parametrize("name", WALKS)
def test_frame_count_and_tiled_size(name, trained):
    clip = walk(name, trained, frames=7, grid=Size(3, 2), fps=12.0)
    assert isinstance(clip, Clip) and clip.fps == 12.0
    assert clip.frames.shape == (7, 2 * 16 + 1, 3 * 16 + 2, 3)
    assert clip.frames.dtype == np.uint8
    gap_column = clip.frames[:, :, 16]
    assert not gap_column.any()


@pytest.mark.parametrize("name", WALKS)
def test_duration_times_fps(name, trained):
    clip = walk(name, trained, duration=Duration(0.5), fps=20.0)
    assert clip.frames.shape == (10, 16, 16, 3)


@pytest.mark.parametrize("name", WALKS)
def test_looping_walk_frames_close(name, trained):
    frames = walk(name, trained, frames=24).frames.astype(np.float64)
    inner = np.abs(np.diff(frames, axis=0)).mean(axis=(1, 2, 3))
    wrap = np.abs(frames[0] - frames[-1]).mean()
    assert 0 < wrap <= 1.5 * np.median(inner) + 1e-9


def test_frames_come_in_batches(trained):
    before = trained.calls
    walk("great_circle", trained, frames=10, batch=4, grid=Size(2, 1))
    assert trained.calls - before == 3


def test_same_seed_same_frames_other_seed_other_frames(trained):
    a = walk("spline", trained, frames=5, seed=3).frames
    assert np.array_equal(a, walk("spline", trained, frames=5, seed=3, batch=2).frames)
    assert not np.array_equal(a, walk("spline", trained, frames=5, seed=4).frames)


def test_truncation_track_is_sampled_per_frame(trained):
    track = Track((Keyframe(Duration(0.0), 0.0), Keyframe(Duration(1.0), 0.0),
                   Keyframe(Duration(2.0), 1.0)))
    frames = walk("noise_loop", trained, frames=20, fps=10.0, truncation=track).frames
    assert (frames[:11] == frames[0]).all()  # z = 0 for the first second
    assert not (frames[15] == frames[0]).all()


def test_noise_loop_with_radius_zero_stands_still(trained):
    still = walk("noise_loop", trained, frames=6, radius=0.0).frames
    assert (still == still[0]).all()


def test_empty_seeds_is_a_clear_error(trained):
    from gandsl.errors import NodeFailed

    with pytest.raises(NodeFailed, match="seeds"):
        walk("slerp", trained, frames=4, seeds=[])


def test_clip_survives_save_and_load(trained, tmp_path):
    op = get_op("walk", "slerp")
    clip = walk("slerp", trained, frames=4, loop=False, grid=Size(1, 2))
    op.save(clip, tmp_path)
    back = op.load(tmp_path)
    assert np.array_equal(back.frames, clip.frames) and back.fps == clip.fps
