"""The srgan op's parameters (the one place their defaults are written) and SRConfig (no torch)."""
from __future__ import annotations

from gandsl.gan.loop_params import loop_params
from gandsl.spec import ParamSpec, config_class

SR_PARAMS = (
        ParamSpec("data", "node", help="high-res images to learn from (their size is the output size)",
                  stages=("data",)),
        ParamSpec("factor", "int", 4, "upscale factor", choices=(2, 4)),
        ParamSpec("steps", "int", 2000, "training steps", lo=1, hi=100_000_000, resume=True),
        ParamSpec("warmup", "int", 1000, "steps of pixel L1 alone before the adversarial phase", lo=0),
        ParamSpec("batch", "int", 16, "patches per step", lo=1, hi=1024),
        ParamSpec("patch", "int", 64, "side of the high-res training patches (at most the data size)",
                  lo=8, hi=512),
        ParamSpec("width", "int", 32, "channels of the upscaler's convolutions", lo=4, hi=256),
        ParamSpec("blocks", "int", 5, "3x3 convolutions in the upscaler's body", lo=1, hi=32),
        ParamSpec("d_width", "int", 32, "base channels of the patch discriminator", lo=4, hi=256),
        ParamSpec("lr", "float", 5e-4, "upscaler learning rate", lo=0.0, hi=1.0),
        ParamSpec("lr_d", "float", 2e-4, "discriminator learning rate", lo=0.0, hi=1.0),
        ParamSpec("betas", "list", [0.9, 0.99], "Adam betas for both networks", item="float"),
        ParamSpec("adversarial", "float", 0.005, "weight of the adversarial loss after warmup", lo=0.0),
        ParamSpec("matching", "float", 0.05, "weight of discriminator feature matching after warmup",
                  lo=0.0),
        ParamSpec("fft", "float", 0.0, "weight of an FFT (spectrum) L1 loss (0: off)", lo=0.0),
        ParamSpec("blur", "float", 1.0, "largest Gaussian blur (sigma, at x4) of the degradation",
                  lo=0.0, hi=4.0),
        ParamSpec("noise", "float", 0.01, "largest noise level of the degradation (0..1 scale)",
                  lo=0.0, hi=0.2),
        ParamSpec("ema", "float", 0.999, "EMA decay of the upscaler later stages use (0: off)",
                  lo=0.0, hi=1.0),
        ParamSpec("holdout", "float", 0.1, "fraction of the images held out for `eval sr_quality`",
                  lo=0.0, hi=0.9),
        ParamSpec("seed", "int", 0, "random seed (also picks the held-out images)", lo=0),
        *loop_params("a comparison preview", 500, 250),
)

# The architecture (width, blocks, d_width) is in the model spec, not the config; `loss` names
# the loop's health rule (no collapse floor) and is part of every SR checkpoint's settings.
SRConfig = config_class("SRConfig", SR_PARAMS, exclude=("width", "blocks", "d_width"),
                        hidden=[("sync_every", 25, False), ("loss", "sr", True)],
                        doc="The srgan op's training settings, from SR_PARAMS.")
