"""The tiny digits recipe many tests train (data `d`, model `m`, train `t`), written once."""
from __future__ import annotations


def tiny_training(size: int = 16, count: int = 64, steps: int = 60, **train: object) -> str:
    """`d` = digits of `size` px (`count` of them), `m` = a 4-wide dcgan, `t` = gan with `train`'s
    extra settings (e.g. batch = 4, checkpoint_every = 10)."""
    extra = "".join(f"  {k} = {v}\n" for k, v in train.items())
    return (f"data d = digits {{\n  size = {size}\n  count = {count}\n}}\n\n"
            "model m = dcgan {\n  latent = 4\n  width = 4\n}\n\n"
            f"train t = gan {{\n  model = m\n  data = d\n  steps = {steps}\n{extra}}}\n")
