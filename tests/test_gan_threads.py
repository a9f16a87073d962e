"""CPU threads for training: the keyed count from ctx.numerics, recorded, and torch's count restored."""
import dataclasses

import torch

from gandsl.numerics import Numerics
from test_gan_train import Recorder, ctx, train


def test_training_uses_the_keyed_thread_count_and_restores_torchs(tmp_path):
    before = torch.get_num_threads()
    c = dataclasses.replace(ctx(tmp_path, "w", Recorder()), numerics=Numerics("cpu", "fp32", 2, 1))
    seen = []
    c.progress.advance = lambda n=1, **f: seen.append(torch.get_num_threads())
    trained = train(c, steps=4)
    assert trained.meta["threads"] == 2 and set(seen) == {2}
    assert torch.get_num_threads() == before


def test_training_runs_in_the_keyed_precision(tmp_path):
    c = dataclasses.replace(ctx(tmp_path, "a"), numerics=Numerics("cpu", "fp32", 1, 1))
    b = dataclasses.replace(ctx(tmp_path, "b"), numerics=Numerics("cpu", "bf16", 1, 1))
    fp32, bf16 = train(c, steps=3), train(b, steps=3)
    diff = max(float((fp32.tensors[k] - bf16.tensors[k]).abs().max()) for k in fp32.tensors
               if k.startswith("G.") and fp32.tensors[k].is_floating_point())
    assert diff > 0, "bf16 autocast was not used"
