"""Super-resolution training: starts as bicubic, resumes and extends bit-identically, degrades deterministically."""
from pathlib import Path

import numpy as np
import pytest

import torch  # noqa: E402 (a hard dependency: never skipped)
torch.set_num_threads(1)

from gandsl.gan import checkpoint as ckpt  # noqa: E402
from gandsl.gan.sr_data import degrade, psnr, split, ssim  # noqa: E402
from gandsl.gan.sr_models import SRNet, bicubic, param_count  # noqa: E402
from gandsl.ops import train_srgan  # noqa: E402
from gandsl.context import RunContext  # noqa: E402

from test_gan_train import Recorder  # noqa: E402


def data(n: int = 24, c: int = 1, size: int = 16) -> np.ndarray:
    """Smooth random images (blurred noise), so there is something to learn."""
    x = np.random.default_rng(0).random((n, c, size // 4, size // 4))
    return (np.kron(x, np.ones((1, 1, 4, 4))) * 255).astype(np.uint8)


def params(**kw) -> dict:
    p = {s.name: s.default for s in train_srgan.SPEC.params if not s.is_input}
    p.update(steps=8, warmup=4, batch=4, patch=8, width=8, blocks=2, d_width=8, factor=2,
             preview_every=0, checkpoint_every=3)
    p.update(kw)
    return p


def ctx(tmp: Path, work: str, progress=None) -> RunContext:
    (tmp / work).mkdir(exist_ok=True)
    return RunContext(node="sr", work_dir=tmp / work, out_dir=tmp / "out", tmp_dir=tmp,
                      progress=progress or Recorder())


def train(c: RunContext, images=None, **kw):
    return train_srgan.run(c, params(**kw), {"data": data() if images is None else images})


def same(a, b) -> bool:
    return a.tensors.keys() == b.tensors.keys() and all(
        torch.equal(a.tensors[k], b.tensors[k]) for k in a.tensors)


def test_untrained_upscaler_is_exactly_bicubic_and_small():
    net = SRNet(3, 4, 32, 5)
    x = torch.rand(2, 3, 8, 8) * 2 - 1
    assert torch.equal(net(x), bicubic(x, 4))
    assert 10_000 < param_count(net) < 100_000


def test_training_writes_a_loadable_upscaler(tmp_path: Path):
    out = train(ctx(tmp_path, "a"), preview_every=4)
    train_srgan.save(out, tmp_path / "store")
    back = train_srgan.load(tmp_path / "store")
    assert same(out, back) and back.factor == 2 and back.channels == 1 and back.steps == 8
    assert len(back.losses["g"]) == 8 and all(d == 0 for d in back.losses["d"][:4])
    assert all(d > 0 for d in back.losses["d"][4:]), "the adversarial phase trains D"
    assert (tmp_path / "out" / "sr_preview.png").is_file()
    y = back.upscaler()(torch.zeros(1, 1, 5, 7))
    assert y.shape == (1, 1, 10, 14)


def test_raising_steps_continues_bit_identically_across_the_phase_change(tmp_path: Path):
    straight = train(ctx(tmp_path, "a"))
    c = ctx(tmp_path, "b")
    train(c, steps=3)
    assert ckpt.list_steps(c.work_dir) == [3]
    extended = train(c)
    assert same(straight, extended)


def test_a_killed_run_resumes_bit_identically(tmp_path: Path):
    straight = train(ctx(tmp_path, "a"), steps=9)
    c = ctx(tmp_path, "b", Recorder(kill_after=7))
    with pytest.raises(KeyboardInterrupt):
        train(c, steps=9)
    assert 6 in ckpt.list_steps(c.work_dir)
    rec = Recorder()
    resumed = train(ctx(tmp_path, "b", rec), steps=9)
    assert rec.calls[0][3] == 6, "it must resume from step 6, not start over"
    assert same(straight, resumed)


def test_another_setting_does_not_resume_from_foreign_checkpoints(tmp_path: Path):
    c = ctx(tmp_path, "a")
    train(c, steps=3)
    rec = Recorder()
    train(ctx(tmp_path, "a", rec), steps=3, adversarial=0.5)
    assert rec.calls[0][3] == 0, "started over"


def test_split_is_seeded_disjoint_and_complete():
    tr, held = split(100, 0.1, 3)
    assert len(held) == 10 and not set(tr) & set(held) and len(tr) + len(held) == 100
    assert np.array_equal(held, split(100, 0.1, 3)[1]) and not np.array_equal(held, split(100, 0.1, 4)[1])
    assert len(split(5, 0.01, 0)[1]) == 1 and len(split(5, 0.0, 0)[1]) == 0


def test_degradation_is_seeded_and_shrinks():
    hr = torch.rand(3, 3, 16, 16) * 2 - 1
    a = degrade(hr, 4, torch.Generator().manual_seed(1), 1.0, 0.02)
    b = degrade(hr, 4, torch.Generator().manual_seed(1), 1.0, 0.02)
    c = degrade(hr, 4, torch.Generator().manual_seed(2), 1.0, 0.02)
    assert a.shape == (3, 3, 4, 4) and torch.equal(a, b) and not torch.equal(a, c)
    on_grid = (a + 1) * 127.5
    assert torch.allclose(on_grid, on_grid.round(), atol=1e-4), "8-bit like a stored frame"


def test_psnr_and_ssim_agree_with_scikit_image():
    from skimage import metrics
    rng = np.random.default_rng(0)
    a = rng.integers(0, 256, (1, 3, 32, 32)).astype(np.float64)
    b = np.clip(a + rng.normal(0, 20, a.shape), 0, 255).round()
    ta, tb = torch.from_numpy(a), torch.from_numpy(b)
    ref_psnr = metrics.peak_signal_noise_ratio(a[0], b[0], data_range=255)
    assert float(psnr(ta, tb)[0]) == pytest.approx(ref_psnr, abs=1e-6)
    ref = np.mean([metrics.structural_similarity(
        a[0, k], b[0, k], data_range=255, gaussian_weights=True, sigma=1.5,
        use_sample_covariance=False) for k in range(3)])
    # scikit-image averages over every pixel (reflect-padded), ours over valid windows only
    assert float(ssim(ta, tb)[0]) == pytest.approx(ref, abs=0.02)
    assert float(ssim(ta, ta)[0]) == pytest.approx(1.0)
