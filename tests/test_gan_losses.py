"""Each loss moves the right way on a toy problem; augmentations are seeded and shape-preserving."""
import pytest

import torch  # a hard dependency: a broken install must fail here, not skip
torch.set_num_threads(1)

from gandsl.gan.augment import POLICIES, diff_augment  # noqa: E402
from gandsl.gan.config import TrainConfig  # noqa: E402
from gandsl.gan.losses import (LOSSES, d_loss, g_loss, gradient_penalty, mode_seeking,  # noqa: E402
                               r1_penalty, same_class_partner)


@pytest.mark.parametrize("kind", LOSSES)
def test_d_loss_prefers_separating_real_from_fake(kind):
    good = d_loss(kind, torch.full((8,), 2.0), torch.full((8,), -2.0))
    bad = d_loss(kind, torch.full((8,), -2.0), torch.full((8,), 2.0))
    assert good < bad


@pytest.mark.parametrize("kind", LOSSES)
def test_g_loss_prefers_fooling_d(kind):
    assert g_loss(kind, torch.full((8,), 1.0)) < g_loss(kind, torch.full((8,), -1.0))


@pytest.mark.parametrize("kind", LOSSES)
def test_toy_gan_moves_generator_towards_data(kind):
    """1-D toy: real data at 3, G is a learnable offset, D a linear logit; G must approach 3."""
    torch.manual_seed(0)
    shift = torch.zeros(1, requires_grad=True)
    dlin = torch.nn.Linear(1, 1)
    with torch.no_grad():  # start on the convex side of the 1-D gradient penalty (|w| -> 1)
        dlin.weight.fill_(0.1), dlin.bias.zero_()
    og = torch.optim.SGD([shift], lr=0.05)
    od = torch.optim.SGD(dlin.parameters(), lr=0.05)
    gen = torch.Generator().manual_seed(0)
    for step in range(300):
        if step == 40:
            assert float(shift.detach()) > 0.5, f"{kind}: G did not move towards the data"
        for _ in range(5 if kind == "wgan-gp" else 1):
            real = 3.0 + 0.1 * torch.randn(32, 1, generator=gen)
            fake = shift + 0.1 * torch.randn(32, 1, generator=gen)
            ld = d_loss(kind, dlin(real).view(-1), dlin(fake.detach()).view(-1))
            if kind == "wgan-gp":
                ld = ld + gradient_penalty(lambda x: dlin(x.view(-1, 1)), real.view(-1, 1, 1, 1),
                                           fake.view(-1, 1, 1, 1), gen)
            od.zero_grad(); ld.backward(); od.step()
        lg = g_loss(kind, dlin(fake).view(-1))
        og.zero_grad(); lg.backward(); og.step()
    if kind != "wgan-gp":  # a linear critic cannot stop WGAN-GP overshooting; the others settle
        assert 1.5 < float(shift.detach()) < 4.5, f"{kind}: G ended at {float(shift.detach()):.2f}, data is at 3"


def test_r1_penalty_is_zero_for_flat_d_and_positive_otherwise():
    x = torch.randn(4, 1, 4, 4, requires_grad=True)
    assert float(r1_penalty((x * 0).sum((1, 2, 3)), x, 10.0)) == 0.0
    assert float(r1_penalty((x * 2).sum((1, 2, 3)), x, 10.0)) > 0.0


def test_gradient_penalty_zero_for_unit_gradient_norm():
    w = torch.zeros(1, 1, 2, 2)
    w[0, 0, 0, 0] = 1.0
    d = lambda x: (x * w).sum((1, 2, 3))  # noqa: E731  gradient norm exactly 1
    real, fake = torch.randn(4, 1, 2, 2), torch.randn(4, 1, 2, 2)
    assert float(gradient_penalty(d, real, fake, torch.Generator().manual_seed(0))) < 1e-10


@pytest.mark.parametrize("policy", POLICIES)
def test_augment_is_seeded_and_keeps_shape(policy):
    x = torch.rand(6, 3, 16, 16) * 2 - 1
    a = diff_augment(x, [policy], torch.Generator().manual_seed(1))
    b = diff_augment(x, [policy], torch.Generator().manual_seed(1))
    assert a.shape == x.shape and torch.equal(a, b) and not torch.equal(a, x)


def test_cutout_zeroes_a_quarter_at_most():
    x = torch.ones(32, 1, 16, 16)
    y = diff_augment(x, ["cutout"], torch.Generator().manual_seed(0))
    zero = (y == 0).float().mean((1, 2, 3))
    assert float(zero.max()) <= 0.25 + 1e-6 and float(zero.mean()) > 0.1


@pytest.mark.parametrize("policies", [[p] for p in POLICIES] + [list(POLICIES)])
def test_augment_passes_gradients_back(policies):
    x = torch.rand(2, 1, 8, 8, requires_grad=True)
    diff_augment(x, policies, torch.Generator().manual_seed(0)).square().sum().backward()
    assert torch.isfinite(x.grad).all() and float(x.grad.abs().sum()) > 0


def test_same_class_partner_pairs_within_a_class_and_leaves_a_lone_sample_alone():
    y = torch.tensor([3, 1, 3, 0, 1, 3])
    p = same_class_partner(y)
    assert (y[p] == y).all()
    assert p[3] == 3  # the only 0
    others = torch.tensor([0, 1, 2, 4, 5])
    assert (p[others] != others).all()
    assert sorted(p[y == 3].tolist()) == [0, 2, 5]  # a cycle over the class


def test_mode_seeking_punishes_one_image_per_class():
    z = torch.randn(8, 4, generator=torch.Generator().manual_seed(0))
    y = torch.tensor([0, 1, 0, 1, 0, 1, 0, 1])
    same = torch.stack([torch.full((1, 4, 4), float(k)) for k in y.tolist()])  # G ignores z
    varied = same + torch.randn(8, 1, 4, 4, generator=torch.Generator().manual_seed(1))
    assert mode_seeking(same, z, y, 1.0) > 1000 * mode_seeking(varied, z, y, 1.0)
    assert float(mode_seeking(same, z, torch.arange(8), 1.0)) == 0.0  # no pairs: no term


def test_diversity_keys_only_conditional_runs():
    plain, cond = TrainConfig(), TrainConfig(conditional=True)
    assert "diversity" not in plain.keyed()
    assert cond.keyed()["diversity"] == 0.3
    assert TrainConfig(diversity=0.0).keyed() == plain.keyed()
