"""Model shapes, parameter counts and init; model op values."""
import pytest

import torch  # a hard dependency: a broken install must fail here, not skip
torch.set_num_threads(1)

from gandsl.gan.models import build, param_counts  # noqa: E402
from gandsl.ops import model_dcgan, model_resnet  # noqa: E402
from gandsl.context import RunContext  # noqa: E402


@pytest.mark.parametrize("arch", ["dcgan", "resnet"])
@pytest.mark.parametrize("res,ch", [(16, 1), (32, 3), (64, 1)])
def test_shapes(arch, res, ch):
    g, d = build({"arch": arch, "latent": 8, "width": 8, "resolution": res, "channels": ch})
    x = g(torch.randn(3, 8))
    assert x.shape == (3, ch, res, res)
    assert x.min() >= -1 and x.max() <= 1
    assert d(x).shape == (3,)


def test_dcgan_param_counts_match_formula():
    # 16 px, latent 8, width 8: G = ConvT(8->16,4x4) BN(16) ConvT(16->8) BN(8) ConvT(8->1)
    g_expect = 8 * 16 * 16 + 2 * 16 + 16 * 8 * 16 + 2 * 8 + 8 * 1 * 16
    # D = Conv(1->8) Conv(8->16) BN(16) Conv(16->1, 4x4)
    d_expect = 1 * 8 * 16 + 8 * 16 * 16 + 2 * 16 + 16 * 16
    spec = {"arch": "dcgan", "latent": 8, "width": 8, "resolution": 16, "channels": 1}
    assert param_counts(spec) == (g_expect, d_expect)


def test_dcgan_init_follows_paper():
    torch.manual_seed(0)
    g, _ = build({"arch": "dcgan", "latent": 64, "width": 32, "resolution": 32, "channels": 1})
    w = g.net[0].weight.detach()
    assert abs(float(w.std()) - 0.02) < 0.002 and abs(float(w.mean())) < 0.002
    assert abs(float(g.net[1].weight.detach().mean()) - 1.0) < 0.01


def test_resnet_discriminator_is_spectrally_normalised():
    _, d = build({"arch": "resnet", "latent": 8, "width": 8, "resolution": 16, "channels": 1})
    names = [n for n, _ in d.named_parameters()]
    assert names and all("parametrizations" in n or n.endswith("bias") for n in names)


def test_model_op_values_and_errors(tmp_path):
    ctx = RunContext(node="net")
    v = model_dcgan.run(ctx, {"latent": 16, "width": 8, "resolution": 0, "channels": 0}, {})
    assert v == {"arch": "dcgan", "latent": 16, "width": 8, "resolution": 0, "channels": 0,
                 "upsample": "resize", "mbstd": True}
    model_dcgan.save(v, tmp_path)
    assert model_dcgan.load(tmp_path) == v
    assert 48 not in model_resnet.SPEC.param("resolution").choices  # refused by `check` (E022)
    assert 2 not in model_resnet.SPEC.param("channels").choices


@pytest.mark.parametrize("mod", [model_dcgan, model_resnet])
def test_describe_lists_counts(mod):
    text = mod.describe()
    assert "G " in text and "D " in text and "32x32x1" in text
