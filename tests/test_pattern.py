"""Tileable pattern models: shapes at any multiple of the step, exact tiling, training, the op."""
import numpy as np
import pytest

import torch
torch.set_num_threads(1)

from gandsl.gan.checkpoint import Trained  # noqa: E402
from gandsl.gan.models import build  # noqa: E402
from gandsl.gan.pattern_grid import latent_size, to_grid  # noqa: E402
from gandsl.ops import model_pattern  # noqa: E402
from gandsl.context import RunContext  # noqa: E402

SPEC = {"arch": "pattern", "latent": 6, "width": 8, "resolution": 16, "channels": 3,
        "local": 3, "periodic": 2, "step": 4, "mbstd": True}


def pattern_trained(spec: dict = SPEC, seed: int = 0) -> Trained:
    """An untrained pattern generator as a train node's value (random but fixed weights)."""
    torch.manual_seed(seed)
    g, _ = build(spec)
    for m in g.modules():  # He init and shifted batch norm: pictures with contrast
        if isinstance(m, torch.nn.Conv2d):
            torch.nn.init.kaiming_normal_(m.weight)
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.1, 0.1)
    return Trained({"G." + k: v for k, v in g.state_dict().items()}, {"model": spec, "step": 1})


def test_flat_and_grid_latents_give_any_multiple_of_the_step():
    g, d = build(SPEC)
    g.eval()
    assert latent_size(SPEC) == 6 + 3 * 4 * 4
    x = g(torch.randn(2, latent_size(SPEC)))
    assert x.shape == (2, 3, 16, 16) and d(x).shape == (2 * 4 * 4,)  # 4x4 patch logits each
    z = torch.from_numpy(to_grid(np.random.default_rng(0).standard_normal((1, latent_size(SPEC, 3, 5))),
                                 SPEC, 3, 5)).float()
    assert g(z).shape == (1, 3, 12, 20)


def test_every_output_tiles_exactly():
    """Drawing the noise grid repeated 2x2 gives the picture repeated 2x2: no seam anywhere."""
    g = pattern_trained().generator()
    z = to_grid(np.random.default_rng(1).standard_normal((1, latent_size(SPEC, 4, 8))), SPEC, 4, 8)
    one = g(torch.from_numpy(z).float())[0]  # [C,16,32]
    four = g(torch.from_numpy(np.tile(z, (1, 1, 2, 2))).float())[0]  # [C,32,64]
    assert torch.allclose(four, one.repeat(1, 2, 2), atol=1e-5)


def test_the_sines_tile_and_keep_their_period_at_any_size():
    g = pattern_trained().generator()
    glob = torch.randn(1, SPEC["latent"])
    s4, s8 = g.sines(glob, 4, 4), g.sines(glob, 8, 8)
    assert torch.allclose(s8, s4.repeat(1, 1, 2, 2), atol=1e-5)  # same waves, twice the grid


def test_the_model_op_value_and_bad_steps():
    v = model_pattern.run(RunContext(node="m"), {"latent": 16, "width": 8, "resolution": 0,
                                                 "channels": 0, "step": 8}, {})
    assert v["arch"] == "pattern" and (v["local"], v["periodic"], v["step"]) == (8, 4, 8)
    with pytest.raises(ValueError, match="multiple"):
        build({**SPEC, "resolution": 16, "step": 16})


def test_train_gan_trains_a_pattern_model(tmp_path):
    from gandsl.gan.config import TrainConfig
    from gandsl.gan.train import fit

    data = np.random.default_rng(0).integers(0, 255, (16, 3, 16, 16), dtype=np.uint8)
    ctx = RunContext(node="t", work_dir=tmp_path / "w", out_dir=tmp_path)
    cfg = TrainConfig.from_params({"steps": 3, "batch": 4, "preview_every": 0})
    trained = fit(ctx, {**SPEC, "resolution": 0, "channels": 0}, data, cfg)
    assert trained.latent == latent_size(SPEC) and trained.steps == 3
    assert trained.generator()(torch.randn(1, trained.latent)).shape == (1, 3, 16, 16)


@pytest.mark.parametrize("wide", [False, True])
def test_a_wide_discriminator_judges_the_whole_crop(wide):
    """A change in one corner moves every patch's logit only when D also judges the whole crop."""
    torch.manual_seed(0)
    _, d = build({**SPEC, "resolution": 32, "wide": wide, "mbstd": False})  # mbstd spans the map too
    d.eval()
    x = torch.rand(2, 3, 32, 32) * 2 - 1
    y = x.clone()
    y[:, :, :4, :4] = -x[:, :, :4, :4]  # the top-left corner only
    far = (d(x) - d(y)).view(2, 4, 4)[:, 3, 3].abs()  # the bottom-right patch
    assert bool((far > 0).all()) == wide  # exactly equal without the whole-crop logit
    assert d(x).shape == (2 * 4 * 4,)
