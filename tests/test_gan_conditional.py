"""Class-conditional GANs: labelled data, CBN generator, projection D, balanced classes, resume."""
from pathlib import Path

import numpy as np
import pytest

import torch  # noqa: E402 (a hard dependency: never skipped)
torch.set_num_threads(1)

from gandsl.data.store import load_images as load, save_images as save  # noqa: E402
from gandsl.data.store import Labelled, labels_of  # noqa: E402
from gandsl.errors import NodeFailed  # noqa: E402
from gandsl.gan import checkpoint as ckpt  # noqa: E402
from gandsl.gan.conditional import ClassSampler, class_embeddings, resolve_class  # noqa: E402
from gandsl.gan.models import build  # noqa: E402
from test_gan_train import DCGAN, RESNET, Recorder, assert_same, ctx, params  # noqa: E402
from gandsl.ops import train_gan  # noqa: E402

NAMES = ["a", "b", "c"]


def labelled(n: int = 42) -> Labelled:
    images = np.random.default_rng(0).integers(0, 256, (n, 1, 16, 16), dtype=np.uint8)
    return Labelled(images, np.arange(n) % 3, NAMES)


def train(c, model=DCGAN, data=None, **kw):
    p = params(conditional=True, **kw)
    return train_gan.run(c, p, {"model": model, "data": labelled() if data is None else data})


def test_labels_round_trip_without_pickle(tmp_path):
    x = labelled()
    save(x, tmp_path)
    back = load(tmp_path)
    labels, names = labels_of(back)
    assert np.array_equal(labels, x.labels) and list(names) == NAMES
    assert np.array_equal(np.asarray(back), np.asarray(x))
    np.load(tmp_path / "labels.npy", allow_pickle=False)
    assert labels_of(back[:5]) is None  # a slice is not silently labelled with the full list


def test_labels_must_match_the_images():
    with pytest.raises(ValueError):
        Labelled(np.zeros((3, 1, 4, 4), np.uint8), [0, 1], ["a"])
    with pytest.raises(ValueError):
        Labelled(np.zeros((2, 1, 4, 4), np.uint8), [0, 5], ["a", "b"])


def test_class_sampler_is_balanced_seeded_and_draws_the_right_images():
    labels = np.array([0] * 30 + [1] * 5 + [2] * 7)
    s = ClassSampler(labels, 3, torch.device("cpu"))
    idx, y = s.draw(12, torch.Generator().manual_seed(1))
    assert np.bincount(y.numpy(), minlength=3).tolist() == [4, 4, 4]  # rare classes as often
    assert np.array_equal(labels[idx.numpy()], y.numpy())
    idx2, y2 = s.draw(12, torch.Generator().manual_seed(1))
    assert torch.equal(idx, idx2) and torch.equal(y, y2)


@pytest.mark.parametrize("arch", ["dcgan", "resnet"])
def test_generator_and_discriminator_use_the_class(arch):
    spec = {"arch": arch, "latent": 8, "width": 8, "resolution": 16, "channels": 1, "classes": 3}
    torch.manual_seed(0)
    g, d = build(spec)
    g.eval()
    for p in g.parameters():  # the class acts through the CBN gains and biases
        torch.nn.init.normal_(p, 0, 0.3) if p.dim() > 1 else None
    z = torch.randn(1, 8).repeat(3, 1)
    x = g(z, torch.tensor([0, 1, 2]))
    assert not torch.allclose(x[0], x[1]) and not torch.allclose(x[1], x[2])
    e = g.embed(torch.tensor([1]))
    assert torch.allclose(g(z[:1], e=e), x[1:2], atol=1e-4)  # an embedding stands in for a class
    img = torch.randn(1, 1, 16, 16).repeat(3, 1, 1, 1)
    logits = d(img, torch.tensor([0, 1, 2]))
    assert len(set(logits.tolist())) == 3  # the projection makes D's logit depend on y


@pytest.mark.parametrize("model,extra", [(DCGAN, {}), (RESNET, {"loss": "hinge", "augment": ["translation"],
                                                                 "r1": 1.0})], ids=["dcgan", "resnet-aug-r1"])
def test_conditional_resume_and_extension_are_bit_identical(tmp_path, model, extra):
    full = train(ctx(tmp_path, "a"), model, **extra)
    assert full.model["classes"] == 3 and full.model["class_names"] == NAMES
    with pytest.raises(KeyboardInterrupt):
        train(ctx(tmp_path, "b", Recorder(kill_after=8)), model, **extra)
    rec = Recorder()
    resumed = train(ctx(tmp_path, "b", rec), model, checkpoint_every=3, **extra)
    assert rec.calls[0][3] == 4, "it must resume from step 4, not start over"
    assert_same(full, resumed)
    train(ctx(tmp_path, "c"), model, steps=6, **extra)
    rec = Recorder()
    assert_same(full, train(ctx(tmp_path, "c", rec), model, steps=10, **extra))
    assert rec.calls[0][3] == 6, "it must continue from step 6"
    assert class_embeddings(full).shape == (3, 8)


def test_conditional_needs_labels_at_run_time_too(tmp_path):
    plain = np.asarray(labelled())
    with pytest.raises(NodeFailed) as info:
        train(ctx(tmp_path, "a"), data=plain)
    assert info.value.diagnostics[0].code == "E060"


def test_a_class_missing_from_the_data_is_an_error(tmp_path):
    x = Labelled(np.zeros((6, 1, 16, 16), np.uint8), [0, 1, 0, 1, 0, 1], NAMES)
    with pytest.raises(NodeFailed, match="c"):
        train(ctx(tmp_path, "a"), data=x)


def test_classes_by_name_or_index():
    assert resolve_class("b", NAMES, "w") == 1 and resolve_class(2, NAMES, "w") == 2
    for bad in ("z", 3):
        with pytest.raises(NodeFailed):
            resolve_class(bad, NAMES, "w")
    with pytest.raises(NodeFailed) as info:
        resolve_class(0, [], "w")
    assert info.value.diagnostics[0].code == "E061"


def test_checkpoint_holds_only_tensors(tmp_path):
    train(ctx(tmp_path, "a"))
    step = ckpt.list_steps(tmp_path / "a")[-1]
    tensors, meta = ckpt.read_dir(ckpt.step_dir(tmp_path / "a", step))
    assert "E.embed.weight" in tensors and meta["model"]["class_names"] == NAMES
    assert Path(ckpt.step_dir(tmp_path / "a", step) / "meta.json").read_text().startswith("{")
