"""Latent paths: frame counts, loop closure, keyframes, norms, easing and tracks."""
import numpy as np
import pytest

from gandsl.render import paths as walks
from gandsl.lang.values import Duration, Frames, Keyframe, Track, ease, sample


def steps(z: np.ndarray) -> tuple[np.ndarray, float]:
    """Distances between neighbouring frames and the wrap-around step last -> first."""
    flat = z.reshape(len(z), -1)
    return np.linalg.norm(np.diff(flat, axis=0), axis=1), float(np.linalg.norm(flat[0] - flat[-1]))


def looping_paths(n: int, easing: str = "linear") -> dict[str, np.ndarray]:
    u = walks.phases(n, True)
    keys = walks.key_latents(3, [0, 1, 2, 3], 2, 16)
    return {
        "slerp": walks.slerp_path(keys, u, True, easing),
        "spline": walks.spline_path(keys, u, easing),
        "great_circle": walks.great_circle_path(3, 2, 16, u, 1, easing),
        "noise_loop": walks.noise_loop_path(3, 2, 16, u, 3, np.ones(n), easing),
    }


def test_frame_count_from_frames_or_duration():
    assert walks.frame_count(17, Duration(4.0), 24.0) == 17
    assert walks.frame_count(0, Duration(4.0), 24.0) == 96
    assert walks.frame_count(0, Duration(0.5), 25.0) == 12  # round(12.5) -> banker's 12
    assert walks.frame_count(0, Duration(0.001), 24.0) == 1


@pytest.mark.parametrize("name", ["slerp", "spline", "great_circle", "noise_loop"])
def test_loops_close_with_an_ordinary_step(name):
    z = looping_paths(48)[name]
    inner, wrap = steps(z)
    assert z.shape == (48, 2, 16)
    assert wrap <= 1.5 * np.median(inner)
    assert wrap <= 1.1 * max(inner[0], inner[-1])  # as smooth as its neighbours
    assert wrap >= 0.5 * min(inner[0], inner[-1])  # and no repeated frame at the seam


@pytest.mark.parametrize("name", ["slerp", "spline", "great_circle", "noise_loop"])
def test_eased_loops_still_close(name):
    z = looping_paths(60, "in_out")[name]
    inner, wrap = steps(z)
    assert wrap <= 1.1 * max(inner[0], inner[-1])


def test_non_looping_slerp_runs_first_key_to_last_key():
    keys = walks.key_latents(0, [5, 6, 7], 1, 8)
    z = walks.slerp_path(keys, walks.phases(9, False), False, "linear")
    np.testing.assert_allclose(z[0], keys[0], atol=1e-9)
    np.testing.assert_allclose(z[4], keys[1], atol=1e-9)
    np.testing.assert_allclose(z[-1], keys[-1], atol=1e-9)


def test_slerp_and_spline_pass_through_every_key():
    keys = walks.key_latents(1, [0, 1, 2, 3], 2, 8)
    u = walks.phases(12, True)
    for z in (walks.slerp_path(keys, u, True, "linear"), walks.spline_path(keys, u, "in_out")):
        np.testing.assert_allclose(z[::3], keys, atol=1e-9)


def test_great_circle_keeps_the_norm_and_turns_twice():
    u = walks.phases(40, True)
    z = walks.great_circle_path(0, 3, 32, u, 2, "linear")
    norms = np.linalg.norm(z, axis=-1)
    np.testing.assert_allclose(norms, norms[:1].repeat(40, 0), rtol=1e-9)
    np.testing.assert_allclose(walks.great_circle_path(0, 3, 32, np.ones(1), 2, "linear")[0], z[0],
                               atol=1e-9)


def test_noise_loop_radius_zero_stands_still_and_is_standard_normal():
    u = walks.phases(10, True)
    still = walks.noise_loop_path(0, 1, 64, u, 3, np.zeros(10), "linear")
    assert np.ptp(still, axis=0).max() == 0
    moving = walks.noise_loop_path(0, 400, 64, u, 4, np.full(10, 3.0), "linear")
    assert abs(moving.std() - 1.0) < 0.05


def test_paths_are_deterministic_per_seed_and_cells_differ():
    a = walks.key_latents(7, [0, 1], 2, 8)
    np.testing.assert_array_equal(a, walks.key_latents(7, [0, 1], 2, 8))
    assert not np.allclose(a, walks.key_latents(8, [0, 1], 2, 8))
    assert not np.allclose(a[:, 0], a[:, 1])


def test_ease_in_out_slows_near_keys():
    keys = walks.key_latents(0, [0, 1], 1, 8)
    z = walks.slerp_path(keys, walks.phases(21, False), False, "in_out")
    inner, _ = steps(z)
    assert inner[0] < inner[10] / 5 and inner[-1] < inner[10] / 5


def test_ease_curves():
    assert ease("linear", 0.25) == 0.25
    assert ease("in", 0.5) == 0.25
    assert ease("out", 0.5) == 0.75
    assert ease("in_out", 0.5) == pytest.approx(0.5)
    assert ease("in_out", 0.25) == pytest.approx(0.5 - 0.5 * np.cos(np.pi / 4))
    assert ease("step", 0.99) == 0.0 and ease("step", 1.0) == 1.0
    np.testing.assert_allclose(walks.eased("in", np.array([0.0, 0.5, 1.0])), [0, 0.25, 1])


def test_keyframe_track_values():
    track = Track((Keyframe(Duration(0.0), 0.7), Keyframe(Duration(2.0), 1.0, "in_out"),
                   Keyframe(Frames(96), 0.7)))
    assert track.at(0.0, 24) == pytest.approx(0.7)
    assert track.at(1.0, 24) == pytest.approx(0.85)
    assert track.at(0.5, 24) == pytest.approx(0.7 + 0.3 * (0.5 - 0.5 * np.cos(np.pi / 4)))
    assert track.at(3.0, 24) == pytest.approx(0.85)  # linear from 2s to frame 96 (4s)
    assert track.at(9.0, 24) == pytest.approx(0.7)
    per_frame = sample(track, 97, 24.0)
    assert per_frame[48] == pytest.approx(1.0) and per_frame[96] == pytest.approx(0.7)


def test_two_turns_go_round_two_circles_and_still_loop():
    import numpy as np

    from gandsl.render import paths

    u = np.arange(48) / 48
    one = paths.great_circle_path(3, 2, 16, u, 1, "linear")
    two = paths.great_circle_path(3, 2, 16, u, 2, "linear")
    assert np.abs(two[:24] - two[24:]).mean() > 0.5  # the second turn draws other pictures
    end = paths.great_circle_path(3, 2, 16, np.array([1.0]), 2, "linear")
    assert np.allclose(end[0], two[0])  # and the loop closes
    norms = np.linalg.norm(two, axis=-1)
    assert np.allclose(norms, norms[0])  # on the sphere throughout
    assert np.allclose(one[:, :, :], paths.great_circle_path(3, 2, 16, u, 1, "linear"))


def test_compare_never_picks_a_loops_first_frame_twice():
    from gandsl.render.compare import picks

    assert list(picks(48, 4)) == [0, 12, 24, 36] and list(picks(3, 8)) == [0, 1, 2]


def test_a_project_sheet_follows_its_grid():
    from gandsl.render.pairs import pair_sheet

    originals = np.zeros((10, 4, 4, 1), np.uint8)
    recon = np.full((10, 4, 4, 1), 255, np.uint8)
    whole = pair_sheet(originals, recon, 4)  # 2 pairs a row, 5 rows
    one_row = pair_sheet(originals, recon, 4, 1)  # 2 pairs
    assert one_row.shape[0] < whole.shape[0] and one_row.shape[1] == whole.shape[1]
    assert pair_sheet(originals, recon, 2, 3).shape[0] == 3 * 4 + 2  # 3 rows of one pair, 1-px gaps
