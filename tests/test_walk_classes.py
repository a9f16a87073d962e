"""Walks and sheets of a conditional generator: `class`, `class_morph` loops, `sheet { by_class }`."""
import json

import numpy as np
import pytest

import torch  # noqa: E402 (a hard dependency: never skipped)
torch.set_num_threads(1)

from gandsl.errors import NodeFailed  # noqa: E402
from gandsl.gan.checkpoint import Trained  # noqa: E402
from gandsl.gan.models import build  # noqa: E402
from gandsl.lang.values import Duration, Keyframe, Size, Track  # noqa: E402
from gandsl.context import RunContext  # noqa: E402
from gandsl.ops.registry import get_op  # noqa: E402
from gandsl.render import morph  # noqa: E402

NAMES = ["A", "B", "C", "D"]


@pytest.fixture(scope="module")
def trained():
    spec = {"arch": "dcgan", "latent": 8, "width": 8, "resolution": 16, "channels": 1,
            "classes": 4, "class_names": NAMES}
    torch.manual_seed(0)
    g, _ = build(spec)
    for p in g.parameters():  # strong class gains, so every class looks different
        torch.nn.init.normal_(p, 0, 0.4) if p.dim() > 1 else None
    g.eval()
    return Trained({"G." + k: v for k, v in g.state_dict().items()}, {"model": spec, "step": 0})


def run(stage, name, trained, tmp_path=None, **params):
    ctx = RunContext(node="n", tmp_dir=tmp_path or RunContext(node="n").tmp_dir)
    return get_op(stage, name).run(ctx, params, {"from": trained})


def test_class_by_name_or_index_is_the_same_walk(trained):
    a = run("walk", "slerp", trained, frames=4, **{"class": "C"}).frames
    assert np.array_equal(a, run("walk", "slerp", trained, frames=4, **{"class": 2}).frames)
    assert not np.array_equal(a, run("walk", "slerp", trained, frames=4, **{"class": 0}).frames)
    with pytest.raises(NodeFailed):
        run("walk", "great_circle", trained, frames=2, **{"class": "Z"})


def test_a_morph_loop_returns_exactly_to_the_first_class(trained):
    loop = run("walk", "class_morph", trained, frames=16, hold=0.0).frames
    still = run("walk", "slerp", trained, frames=1, seeds=[0], **{"class": "A"})
    z0 = run("walk", "class_morph", trained, frames=1, classes=["A"]).frames
    assert np.array_equal(loop[0], z0[0])  # frame 0 is class A itself
    steps = np.abs(np.diff(loop.astype(float), axis=0)).mean(axis=(1, 2, 3))
    wrap = np.abs(loop[0].astype(float) - loop[-1]).mean()
    assert 0 < wrap <= 1.5 * np.median(steps)  # the step back to A is an ordinary step
    assert still.frames.shape == z0.shape


def test_morph_positions_hold_and_end_on_each_class():
    p = morph.auto_positions(8, 4, loop=True)
    assert p.tolist() == [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5]
    a, b, s = morph.split(np.array([0.0, 0.2, 1.0, 3.9999, 4.0]), 4, True, 0.25, "linear")
    assert a.tolist() == [0, 0, 1, 3, 0] and s[1] == 0.0  # holding on the class
    assert b[3] == 0 and s[3] > 0.99  # the last step ends on the first class
    table = np.eye(4)
    e = morph.morph_embeddings(table, [2, 0], np.array([0.0, 0.5, 1.0]), False, 0.0, "linear")
    assert np.allclose(e, [[0, 0, 1, 0], [0.5, 0, 0.5, 0], [1, 0, 0, 0]])


def test_morph_position_track_and_walking_z(trained):
    track = Track((Keyframe(Duration(0.0), 0.0), Keyframe(Duration(1.0), 3.0)))
    clip = run("walk", "class_morph", trained, frames=6, fps=5.0, position=track, loop=False,
               z="walk", grid=Size(2, 1), stagger=True)
    assert clip.frames.shape == (6, 16, 33, 1)
    with pytest.raises(NodeFailed):
        run("walk", "class_morph", trained, frames=2, classes=["A", "nope"])


def test_sheet_by_class_has_a_row_per_class_named_in_the_png(trained, tmp_path):
    from PIL import Image

    path = run("render", "sheet", trained, tmp_path, grid=Size(3, 5), by_class=True)
    with Image.open(path) as im:
        assert im.size == (3 * 16 + 2, 4 * 16 + 3)
        assert json.loads(im.text["gandsl:classes"]) == NAMES
        rows = np.asarray(im)
    assert not np.array_equal(rows[:16], rows[17:33])  # rows differ by class, not by latent
