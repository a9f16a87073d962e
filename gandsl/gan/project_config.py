"""The project op's parameters (the one place their defaults are written) and ProjectConfig
(no torch, so `gandsl ops` and `check` stay cheap)."""
from __future__ import annotations

from gandsl.spec import ParamSpec, config_class

PROJECT_PARAMS = (
        ParamSpec("from", "node", help="the gan train node whose (EMA) generator to invert", stages=("train",)),
        ParamSpec("images", "node", help="the data node of images to project", stages=("data",)),
        ParamSpec("steps", "int", 300, "optimisation steps", lo=1, hi=100_000),
        ParamSpec("lr", "float", 0.05, "Adam learning rate on z", lo=0.0, hi=10.0),
        ParamSpec("noise", "float", 0.5, "latent noise at the start, ramped down to 0", lo=0.0, hi=10.0),
        ParamSpec("prior", "float", 0.1, "weight keeping |z| typical of the generator's latents", lo=0.0),
        ParamSpec("count", "int", 64, "project at most this many images (the first ones)", lo=1, hi=4096),
        ParamSpec("seed", "int", 0, "random seed of the starting latents and noise", lo=0),
)

# `count` picks the images; ssim and candidates are fixed settings of the search, not params.
ProjectConfig = config_class("ProjectConfig", PROJECT_PARAMS, exclude=("count",),
                             hidden=[("ssim", 1.0, True), ("candidates", 256, True)],
                             doc="Settings of a latent search: Adam on z, pixel L1 + multi-scale SSIM.")
