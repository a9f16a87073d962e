"""The quality estimate while training: SWD every `eval_every` steps, in the progress line, the
stored result and the loss plot; measuring changes nothing the run computes."""
from __future__ import annotations

import pytest
import torch

from test_gan_train import Recorder, assert_same, ctx, train

torch.set_num_threads(1)


def test_quality_is_estimated_every_n_steps_and_shown(tmp_path):
    rec = Recorder()
    t = train(ctx(tmp_path, "w", rec), steps=10, eval_every=4)
    steps = [s for s, _ in t.quality]
    assert steps == [4, 8] and all(v > 0 for _, v in t.quality)
    shown = [f for c in rec.calls if c[0] == "advance" for f in [c[2]] if "swd" in f]
    assert shown and shown[-1]["swd"] == round(t.quality[-1][1], 1)
    assert train(ctx(tmp_path, "x"), steps=10).quality == []  # off by default


def test_measuring_changes_nothing_and_a_resume_keeps_the_history(tmp_path):
    plain, measured = train(ctx(tmp_path, "a"), steps=10), train(ctx(tmp_path, "b"), steps=10, eval_every=4)
    for k in plain.tensors:
        assert torch.equal(plain.tensors[k], measured.tensors[k]), k
    with pytest.raises(KeyboardInterrupt):
        train(ctx(tmp_path, "c", Recorder(kill_after=8)), steps=10, eval_every=4)
    resumed = train(ctx(tmp_path, "c"), steps=10, eval_every=4)
    assert_same(measured, resumed)


def test_the_loss_plot_draws_the_quality_panel():
    from gandsl.render.plot import loss_plot

    values = [1.0] * 40
    fig = loss_plot({"d": values, "g": values}, range(1, 41), 5, (), [(10, 80.0), (20, 40.0), (30, 55.0)])
    assert len(fig.axes) == 2 and any("best 40 at step 20" in t.get_text() for t in fig.axes[1].texts)


def _early(tmp_path, work: str, rec=None, **kw):
    import gandsl.gan.quality as quality

    return train(ctx(tmp_path, work, rec), steps=40, eval_every=4, patience=2, **kw)


def test_early_stopping_stops_after_patience_and_keeps_the_best_generator(tmp_path, monkeypatch):
    from gandsl.gan import quality

    scores = iter([50.0, 40.0, 45.0, 47.0, 10.0])  # best at the 2nd estimate, then two worse ones
    monkeypatch.setattr(quality.QualityProbe, "measure", lambda self, g: next(scores))
    messages: list[str] = []
    c = ctx(tmp_path, "w")
    c.info = messages.append
    t = train(c, steps=40, eval_every=4, patience=2, checkpoint_every=100)
    assert t.steps == 16 and t.meta["stopped"] and t.meta["best_step"] == 8
    assert [s for s, _ in t.quality] == [4, 8, 12, 16]
    assert any("stopped early at step 16" in m and "step 8" in m for m in messages)
    assert any(k.startswith("best.") for k in t.tensors)
    again = train(ctx(tmp_path, "w"), steps=40, eval_every=4, patience=2, checkpoint_every=100)
    assert again.steps == 16  # a rerun resumes the stopped state, it does not train on


def test_patience_needs_estimates(tmp_path):
    from click.testing import CliRunner

    from gandsl.cli.main import group

    (tmp_path / "r.gan").write_text("gandsl 1\ndata d = digits { size = 16 }\nmodel m = dcgan {}\n"
                                    "train t = gan { model = m  data = d  patience = 3 }\n")
    result = CliRunner().invoke(group, ["check", str(tmp_path / "r.gan")])
    assert result.exit_code == 1 and "E314" in result.output
