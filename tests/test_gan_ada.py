"""Adaptive augmentation: p follows r_t, ops are differentiable, resume stays bit-exact; health."""
from pathlib import Path

import numpy as np
import pytest

import torch  # noqa: E402 (a hard dependency: never skipped)
torch.set_num_threads(1)

from gandsl.gan import ada, augment, health  # noqa: E402
from gandsl.gan import train as gtrain  # noqa: E402
from gandsl.gan.state import TrainConfig, TrainState  # noqa: E402
from gandsl.engine.session import load_recipe  # noqa: E402
from gandsl.ops import train_gan  # noqa: E402
from gandsl.context import RunContext  # noqa: E402
from gandsl.render.plot import loss_figure  # noqa: E402

DCGAN = {"arch": "dcgan", "latent": 8, "width": 8, "resolution": 0, "channels": 0}


class Kill:
    """A progress double that interrupts the run once `after` steps are done."""

    def __init__(self, after=None):
        self.after, self.done = after, 0

    def task(self, description, total, completed=0):
        self.done = self.started = completed
        return self

    def advance(self, n=1, **fields):
        self.done += n
        self.fields = fields
        if self.after is not None and self.done >= self.after:
            raise KeyboardInterrupt

    def close(self):
        pass


def train(tmp: Path, work: str, progress=None, **kw):
    (tmp / work).mkdir(exist_ok=True)
    c = RunContext(node="run", work_dir=tmp / work, out_dir=tmp / "out", tmp_dir=tmp,
                   progress=progress or Kill())
    p = {s.name: s.default for s in train_gan.SPEC.params if not s.is_input}
    p.update(steps=12, batch=8, preview_every=0, checkpoint_every=4, augment=["ada"])
    p.update(kw)
    data = np.random.default_rng(0).integers(0, 256, (40, 3, 16, 16), dtype=np.uint8)
    return train_gan.run(c, p, {"model": DCGAN, "data": data})


def test_ada_resume_after_kill_is_bit_identical_and_p_is_kept(tmp_path):
    full = train(tmp_path, "a")
    with pytest.raises(KeyboardInterrupt):
        train(tmp_path, "b", Kill(after=8))
    watch = Kill()
    resumed = train(tmp_path, "b", watch)
    assert watch.started == 4, "it must resume from step 4, not start over"
    assert full.tensors.keys() == resumed.tensors.keys() and "ada.p" in full.tensors
    for k in full.tensors:
        assert torch.equal(full.tensors[k], resumed.tensors[k]), k
    assert len(full.augment_p) == 12 and full.augment_p[-1] == float(full.tensors["ada.p"])


def test_p_moves_toward_the_target_every_interval():
    a = ada.Ada(["ada"], batch=8, device=torch.device("cpu"))
    for step in range(1, ada.INTERVAL + 1):
        a.observe(torch.ones(8))  # D sure every real is real: r_t = 1 > 0.6
        a.adjust(step)
    assert float(a.p) == pytest.approx(8 * ada.INTERVAL / ada.SPEED)
    for step in range(ada.INTERVAL + 1, 3 * ada.INTERVAL + 1):
        a.observe(-torch.ones(8))  # r_t = -1: p falls back, never below 0
        a.adjust(step)
    assert float(a.p) == 0.0


def test_apply_is_identity_at_p0_changes_at_p1_and_is_differentiable():
    a = ada.Ada(["ada"], batch=4, device=torch.device("cpu"))
    x = torch.rand(4, 3, 16, 16, requires_grad=True)
    assert torch.equal(a.apply(x, torch.Generator().manual_seed(0)), x)
    a.p.fill_(1.0)
    y = a.apply(x, torch.Generator().manual_seed(0))
    assert not torch.equal(y, x)
    y.sum().backward()
    assert x.grad is not None and float(x.grad.abs().sum()) > 0


def test_named_policies_with_ada_limit_the_pipeline_and_auto_depends_on_size():
    assert ada.Ada(["ada", "color"], 4, torch.device("cpu")).ops == ("color",)
    assert ada.Ada(["ada"], 4, torch.device("cpu")).ops == ada.PIPELINE
    assert ada.resolve(["auto"], 40) == ("ada",)
    assert ada.resolve(["auto"], ada.AUTO_MAX_IMAGES) == ()
    assert ada.resolve(["color"], 40) == ("color",)


def test_recipe_may_write_augment_as_one_string(tmp_path):
    f = tmp_path / "r.gan"
    f.write_text('gandsl 1\ndata d = shapes { size = 16 }\nmodel m = dcgan { }\n'
                 'train t = gan { model = m  data = d  augment = "ada" }\n')
    assert load_recipe(f).nodes["t"].params["augment"] == ["ada"]


def test_ada_without_its_colour_op_as_the_docs_write_it(tmp_path):
    f = tmp_path / "r.gan"
    f.write_text('gandsl 1\ndata d = shapes { size = 16 }\nmodel m = dcgan { }\n'
                 'train t = gan { model = m  data = d  augment = ["ada", "xflip", "translation", "cutout"] }\n')
    policies = load_recipe(f).nodes["t"].params["augment"]
    assert ada.Ada(policies, 8, torch.device("cpu")).ops == ("xflip", "translation", "cutout")
    x = torch.arange(16.0).view(1, 1, 1, 16).expand(64, 3, 4, 16)
    flipped = augment.diff_augment(x, ["xflip"], torch.Generator().manual_seed(0))
    mirrored = (flipped == x.flip(3)).flatten(1).all(1)
    assert 16 < int(mirrored.sum()) < 48 and bool(((flipped == x).flatten(1).all(1) | mirrored).all())


def test_health_window_scales_with_the_run():
    assert health.window(500) == 50 and health.window(100) == 25 and health.window(100_000) == 500


def test_d_wins_early_is_a_warning_not_silence():
    cfg = TrainConfig(steps=500)
    st = TrainState(gtrain.resolve_spec(DCGAN, (1, 1, 16, 16)), cfg, torch.device("cpu"))
    st.losses = torch.tensor([[0.01, 8.0]] * 60)
    warnings = []
    c = RunContext(node="run", warn=warnings.append)
    gtrain.warn_d_wins(st, c)
    gtrain.warn_d_wins(st, c)
    assert len(warnings) == 1 and "discriminator is winning" in warnings[0]
    assert 'augment = "ada"' in warnings[0]
    st2 = TrainState(st.spec, cfg, torch.device("cpu"))
    st2.losses = torch.tensor([[0.6, 1.0]] * 60)
    gtrain.warn_d_wins(st2, c)
    assert len(warnings) == 1


def test_loss_plot_shows_p():
    a = loss_figure({"d": [1.0, 0.5], "g": [1.0, 2.0]}, [1, 2], 1)
    b = loss_figure({"d": [1.0, 0.5], "g": [1.0, 2.0]}, [1, 2], 1, [0.0, 0.1])
    assert a.shape == b.shape and not np.array_equal(a, b)
