"""Training: resume after a kill and steps extension are bit-identical; divergence is caught."""
from pathlib import Path

import numpy as np
import pytest

import torch  # a hard dependency: a broken install must fail here, not skip
torch.set_num_threads(1)

from gandsl.errors import NodeFailed  # noqa: E402
from gandsl.gan import checkpoint as ckpt  # noqa: E402
from gandsl.gan import loop as gloop, train as gtrain  # noqa: E402
from gandsl.ops import train_gan  # noqa: E402
from gandsl.context import RunContext  # noqa: E402

DCGAN = {"arch": "dcgan", "latent": 8, "width": 8, "resolution": 0, "channels": 0}
RESNET = {"arch": "resnet", "latent": 8, "width": 8, "resolution": 0, "channels": 0}
FASTGAN = {"arch": "fastgan", "latent": 8, "width": 8, "resolution": 0, "channels": 0, "mbstd": True}
FANCY = {"loss": "wgan-gp", "augment": ["translation", "cutout", "color"], "r1": 1.0, "n_critic": 2}


def data(n: int = 40, c: int = 1) -> np.ndarray:
    return np.random.default_rng(0).integers(0, 256, (n, c, 16, 16), dtype=np.uint8)


def params(**kw) -> dict:
    p = {s.name: s.default for s in train_gan.SPEC.params if not s.is_input}
    p.update(steps=10, batch=8, preview_every=0, checkpoint_every=4)
    p.update(kw)
    return p


class Recorder:
    """A progress double that records calls and can 'kill' the run after some steps."""

    def __init__(self, kill_after: int | None = None):
        self.kill_after, self.calls, self.done = kill_after, [], 0

    def task(self, description, total, completed=0):
        self.calls.append(("task", description, total, completed))
        self.done = completed
        return self

    def advance(self, n=1, **fields):
        self.done += n
        self.calls.append(("advance", n, fields))
        if self.kill_after is not None and self.done >= self.kill_after:
            raise KeyboardInterrupt

    def close(self):
        self.calls.append(("close",))


def ctx(tmp: Path, work: str, progress=None) -> RunContext:
    (tmp / work).mkdir(exist_ok=True)
    return RunContext(node="run", work_dir=tmp / work, out_dir=tmp / "out", tmp_dir=tmp,
                      progress=progress or Recorder())


def train(c: RunContext, model=DCGAN, **kw):
    return train_gan.run(c, params(**kw), {"model": model, "data": data()})


def assert_same(a, b):
    assert a.steps == b.steps and a.meta == b.meta
    assert a.tensors.keys() == b.tensors.keys()
    for k in a.tensors:
        assert torch.equal(a.tensors[k], b.tensors[k]), k


@pytest.mark.parametrize("model,extra", [(DCGAN, {}), (RESNET, FANCY), (FASTGAN, {"loss": "hinge", "augment": ["ada"]})],
                         ids=["dcgan-bce", "resnet-wgan-aug-r1", "fastgan-hinge-ada"])
def test_resume_after_kill_and_extension_are_bit_identical(tmp_path, model, extra):
    full = train(ctx(tmp_path, "a"), model, **extra)
    with pytest.raises(KeyboardInterrupt):  # killed between the checkpoints at 4 and 8
        train(ctx(tmp_path, "b", Recorder(kill_after=8)), model, checkpoint_every=4, **extra)
    assert ckpt.list_steps(tmp_path / "b") == [4]
    rec = Recorder()
    resumed = train(ctx(tmp_path, "b", rec), model, checkpoint_every=3, **extra)
    assert rec.calls[0][3] == 4, "it must resume from step 4, not start over"
    assert_same(full, resumed)
    train(ctx(tmp_path, "c"), model, steps=6, **extra)
    rec = Recorder()
    extended = train(ctx(tmp_path, "c", rec), model, steps=10, **extra)
    assert rec.calls[0][3] == 6, "it must continue from step 6"
    assert_same(full, extended)


def test_different_seed_differs_and_same_seed_repeats(tmp_path):
    a, b = train(ctx(tmp_path, "a"), steps=3), train(ctx(tmp_path, "b"), steps=3)
    c = train(ctx(tmp_path, "c"), steps=3, seed=1)
    assert_same(a, b)
    assert not torch.equal(a.tensors["G.net.0.weight"], c.tensors["G.net.0.weight"])


def test_shorter_run_ignores_longer_checkpoints_and_damaged_ones(tmp_path):
    c = ctx(tmp_path, "w")
    train(c, steps=8)
    (ckpt.step_dir(c.work_dir, 8) / ckpt.TENSORS).write_bytes(b"garbage")
    warnings = []
    c.warn = warnings.append
    again = train(c, steps=8)  # step 8 is damaged: resumes from 4
    assert again.steps == 8 and any("step 8" in w for w in warnings)
    short = train(ctx(tmp_path, "w"), steps=2)
    assert short.steps == 2 and len(short.losses["d"]) == 2


def test_trained_value_round_trip_and_progress(tmp_path):
    rec = Recorder()
    c = ctx(tmp_path, "w", rec)
    t = train(c, steps=5, preview_every=5, ema=0.9)
    assert rec.calls[0] == ("task", "train run", 5, 0) and rec.calls[-1] == ("close",)
    adv = [x for x in rec.calls if x[0] == "advance"]
    assert sum(x[1] for x in adv) == 5 and set(adv[-1][2]) == {"g", "d", "p"}  # default "auto": ADA on few images
    assert (tmp_path / "out" / "run_preview.png").exists()
    train_gan.save(t, tmp_path / "store")
    back = train_gan.load(tmp_path / "store")
    assert_same(t, back)
    g = back.generator("cpu")
    assert not g.training and back.has_ema
    x = g(torch.randn(3, back.latent))
    assert x.shape == (3, back.channels, back.resolution, back.resolution) == (3, 1, 16, 16)
    assert float(x.abs().max()) <= 1.0
    assert len(back.losses["g"]) == len(back.loss_steps) == 5 and back.loss_steps[-1] == 5


def test_nan_loss_stops_with_the_step(tmp_path, monkeypatch):
    real = gtrain.d_loss
    calls = []

    def poisoned(kind, r, f):
        calls.append(1)
        return real(kind, r, f) * (float("nan") if len(calls) == 6 else 1.0)

    monkeypatch.setattr(gtrain, "d_loss", poisoned)
    c = ctx(tmp_path, "w")
    with pytest.raises(NodeFailed, match="step 6"):
        train(c, steps=10)
    assert ckpt.list_steps(c.work_dir) == [4]


def test_collapsed_discriminator_is_reported(tmp_path):
    st = gtrain.TrainState(gtrain.resolve_spec(DCGAN, (1, 1, 16, 16)), gtrain.TrainConfig(), torch.device("cpu"))
    st.losses = torch.full((gtrain.COLLAPSE_WINDOW, 2), 1e-5)
    st.step = gtrain.COLLAPSE_WINDOW
    with pytest.raises(NodeFailed, match="collapsed"):
        gloop.check_collapse(st, "run")
    st.losses[-1, 0] = 0.5
    gloop.check_collapse(st, "run")


def test_model_and_data_mismatch_is_a_node_failure(tmp_path):
    with pytest.raises(NodeFailed):
        train_gan.run(ctx(tmp_path, "w"), params(), {"model": DCGAN, "data": data()[:, :, :12, :12]})


def test_data_is_resized_and_rechannelled(tmp_path):
    model = {**DCGAN, "resolution": 16, "channels": 3}
    rgb32 = np.repeat(np.repeat(data(c=1), 2, axis=2), 2, axis=3)
    t = train_gan.run(ctx(tmp_path, "w"), params(steps=1), {"model": model, "data": rgb32})
    assert (t.resolution, t.channels) == (16, 3)


def test_no_pickle_anywhere():
    root = Path(__file__).resolve().parents[1] / "gandsl"
    bad = [str(p) for p in root.rglob("*.py")
           if any(s in p.read_text() for s in ("torch.load", "torch.save", "import pickle", "pickle.load"))]
    assert not bad, bad


KILLED_RUN = """
import sys, numpy as np, torch
torch.set_num_threads(1)
from pathlib import Path
sys.path.insert(0, {tests!r})
import test_gan_train as t
t.train(t.ctx(Path({tmp!r}), "k"), steps=400, checkpoint_every=2)
"""


@pytest.mark.slow
def test_killed_subprocess_resumes_bit_identical(tmp_path):
    import subprocess
    import sys
    import time

    code = KILLED_RUN.format(tests=str(Path(__file__).parent), tmp=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-c", code], env={**__import__("os").environ, "OMP_NUM_THREADS": "1"})
    try:
        deadline = time.time() + 120
        while time.time() < deadline and not [s for s in ckpt.list_steps(tmp_path / "k") if s >= 6]:
            time.sleep(0.05)
    finally:
        proc.kill()
        proc.wait()
    done = ckpt.list_steps(tmp_path / "k")
    assert done and max(done) < 400, "the run was not killed mid-way"
    rec = Recorder()
    resumed = train(ctx(tmp_path, "k", rec), steps=max(done) + 3)
    assert rec.calls[0][3] == max(done), "it must resume from the last checkpoint"
    full = train(ctx(tmp_path, "a"), steps=max(done) + 3)
    assert_same(full, resumed)


def test_training_on_one_image_warns(tmp_path):
    warnings: list[str] = []
    c = ctx(tmp_path, "w")
    c.warn = warnings.append
    train_gan.run(c, params(steps=1, batch=1), {"model": DCGAN, "data": data(1)})
    assert len(warnings) == 1 and "1 image" in warnings[0]


def test_train_config_is_the_train_op_spec():
    from dataclasses import fields

    from gandsl.ops.train_gan import SPEC

    cfg = gtrain.TrainConfig()
    names = [f.name for f in fields(cfg) if f.name != "sync_every"]
    assert names == [p.name for p in SPEC.params if not p.is_input]
    for p in SPEC.params:
        if not p.is_input:
            value = getattr(cfg, p.name)
            assert (list(value) if isinstance(value, tuple) else value) == p.default, p.name


def test_fastgan_is_not_conditional(tmp_path):
    from click.testing import CliRunner

    from gandsl.cli.main import group

    recipe = tmp_path / "r.gan"
    recipe.write_text("gandsl 1\n\ndata d = digits {\n  size = 16\n}\n\nmodel m = fastgan {}\n\n"
                      "train t = gan {\n  model       = m\n  data        = d\n  conditional = true\n}\n")
    result = CliRunner().invoke(group, ["check", str(recipe)])
    assert result.exit_code == 1 and "E063" in result.output, result.output
