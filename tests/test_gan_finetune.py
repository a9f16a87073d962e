"""Fine-tuning (`init`), resize-conv upsampling and minibatch stddev."""
from pathlib import Path

import numpy as np
import pytest

from gandsl.errors import RecipeError
from gandsl.engine.session import load_recipe

import torch  # noqa: E402 (a hard dependency: never skipped)
torch.set_num_threads(1)

from gandsl.gan.models import build  # noqa: E402
from gandsl.ops import model_dcgan, train_gan  # noqa: E402
from gandsl.context import RunContext  # noqa: E402

BASE = """gandsl 1
data a = shapes { size = 16  channels = 3 }
data b = shapes { size = SIZE  channels = 3  seed = 1 }
model m = dcgan { latent = 8 }
model other = dcgan { latent = 16 }
train t = gan { model = m  data = a }
"""


def recipe(tmp_path: Path, tail: str, size: int = 16) -> Path:
    f = tmp_path / "r.gan"
    f.write_text(BASE.replace("SIZE", str(size)) + tail)
    return f


def test_init_of_the_same_model_checks(tmp_path):
    r = load_recipe(recipe(tmp_path, "train f = gan { model = m  data = b  init = t }\n"))
    assert r.nodes["f"].inputs["init"] == "t"


@pytest.mark.parametrize("tail,size,words", [
    ("train f = gan { model = other  data = b  init = t }\n", 16, "latent 8 vs 16"),
    ("train f = gan { model = m  data = b  init = t }\n", 32, "resolution 16 vs 32"),
    ("train p = project { from = t  images = b }\ntrain f = gan { model = m  data = b  init = p }\n",
     16, "must be a `gan` train node"),
])
def test_init_of_another_shape_is_a_check_error_with_a_caret(tmp_path, tail, size, words):
    f = recipe(tmp_path, tail, size)
    with pytest.raises(RecipeError) as e:
        load_recipe(f)
    d = e.value.diagnostics[0]
    assert d.code == "E033" and words in d.message
    line = f.read_text().splitlines()[d.span.line - 1]
    assert line.startswith("train f") and line[d.span.col - 1:].startswith(line.split("init = ")[1][0])


def run_train(tmp: Path, work: str, data: np.ndarray, init=None, **kw):
    (tmp / work).mkdir(exist_ok=True)
    c = RunContext(node=work, work_dir=tmp / work, out_dir=tmp, tmp_dir=tmp)
    p = {s.name: s.default for s in train_gan.SPEC.params if not s.is_input}
    p.update(steps=4, batch=8, preview_every=0, checkpoint_every=2)
    p.update(kw)
    model = {"arch": "dcgan", "latent": 8, "width": 8, "resolution": 0, "channels": 0,
             "upsample": "resize", "mbstd": True}
    inputs = {"model": model, "data": data} | ({"init": init} if init is not None else {})
    return train_gan.run(c, p, inputs)


def test_fine_tuning_starts_from_the_parent_weights(tmp_path):
    rng = np.random.default_rng(0)
    a = rng.integers(0, 256, (20, 3, 16, 16), dtype=np.uint8)
    b = rng.integers(0, 128, (20, 3, 16, 16), dtype=np.uint8)
    parent = run_train(tmp_path, "parent", a)
    zero = run_train(tmp_path, "zero", b, steps=1, lr=0.0, lr_d=0.0, init=parent, ema=0.0)
    for k in ("G.net.0.weight", "D.net.0.weight"):
        assert torch.equal(zero.tensors[k], parent.tensors[k]), k
    tuned = run_train(tmp_path, "tuned", b, init=parent)
    fresh = run_train(tmp_path, "fresh", b)
    assert not torch.equal(tuned.tensors["G.net.0.weight"], fresh.tensors["G.net.0.weight"])


def test_init_of_another_shape_fails_at_run_time_too(tmp_path):
    from gandsl.errors import NodeFailed

    a = np.zeros((8, 3, 16, 16), dtype=np.uint8)
    parent = run_train(tmp_path, "parent", a)
    with pytest.raises(NodeFailed, match="another model shape"):
        run_train(tmp_path, "child", np.zeros((8, 1, 16, 16), dtype=np.uint8), init=parent)


@pytest.mark.parametrize("upsample", ["resize", "transposed"])
def test_upsample_and_mbstd_shapes(upsample):
    spec = {"arch": "dcgan", "latent": 8, "width": 8, "resolution": 32, "channels": 3,
            "upsample": upsample, "mbstd": True}
    g, d = build(spec)
    kinds = {type(m).__name__ for m in g.modules()}
    assert ("ResizeConv" in kinds) == (upsample == "resize")
    assert ("ConvTranspose2d" in kinds)  # the 1x1 -> 4x4 projection stays a transposed conv
    x = g(torch.randn(5, 8))
    assert x.shape == (5, 3, 32, 32) and d(x).shape == (5,)


def test_minibatch_stddev_sees_the_batch():
    _, d = build({"arch": "dcgan", "latent": 8, "width": 8, "resolution": 16, "channels": 1, "mbstd": True})
    d.eval()
    x = torch.randn(4, 1, 16, 16)
    same = x[:1].repeat(4, 1, 1, 1)
    assert not torch.allclose(d(x)[:1], d(torch.cat([x[:1], same[1:]]))[:1])


def test_model_op_value_carries_the_options():
    v = model_dcgan.run(RunContext(node="m"), {"latent": 8, "width": 8, "resolution": 0,
                                              "channels": 0, "upsample": "resize", "mbstd": True}, {})
    assert v["upsample"] == "resize" and v["mbstd"] is True
