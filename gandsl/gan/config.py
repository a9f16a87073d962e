"""The train op's parameters (the one place their defaults are written) and TrainConfig (no torch)."""
from __future__ import annotations

import dataclasses
import math
from typing import Any

from gandsl.spec import ParamSpec, config_class

TRAIN_PARAMS = (
    ParamSpec("model", "node", help="the model node to train", stages=("model",)),
    ParamSpec("data", "node", help="the data node to learn from", stages=("data",)),
    ParamSpec("init", "node", None, "fine-tune: start from the weights of this gan train node "
              "(same model shape)", stages=("train",)),
    ParamSpec("steps", "int", 3000, "training steps (generator updates); \"auto\": until the quality "
              "estimate stops improving (early stopping with `eval_every` 250 and `patience` 4 unless "
              "set), at most `max_steps`", lo=1, hi=100_000_000, resume=True, words=("auto",)),
    ParamSpec("max_steps", "int", 20000, "with `steps = \"auto\"`: the most steps it may take", lo=1,
              hi=100_000_000, added=True),
    ParamSpec("batch", "int", 32, "images per step", lo=1, hi=4096),
    ParamSpec("lr", "float", 2e-4, "generator learning rate", lo=0.0, hi=1.0),
    ParamSpec("lr_d", "float", 2e-4, "discriminator learning rate", lo=0.0, hi=1.0),
    ParamSpec("betas", "list", [0.5, 0.999], "Adam betas for both networks", item="float"),
    ParamSpec("loss", "str", "bce", "adversarial loss (\"wgan\": the original WGAN; give it "
              "`clip_weights`)", choices=("bce", "hinge", "wgan-gp", "wgan", "lsgan")),
    ParamSpec("r1", "float", 0.0, "R1 gradient penalty weight on real images (0: off)", lo=0.0),
    ParamSpec("n_critic", "int", 1, "discriminator steps per generator step", lo=1, hi=20),
    ParamSpec("clip_grad", "float", 0.0, "clip the global gradient norm of G and of D to this each "
              "step (0: off); tames exploding updates", lo=0.0),
    ParamSpec("clip_weights", "float", 0.0, "clamp D's weights to [-c, c] after each step (0: off): "
              "the original WGAN's way to keep D Lipschitz", lo=0.0, hi=10.0),
    ParamSpec("lr_schedule", "str", "constant", "how the learning rates of G and D change over the "
              "run: constant, linear (to 0 at the end), cosine (to 0 at the end) or plateau (halved "
              "whenever the quality estimate of `eval_every` has not improved for 2 estimates)",
              choices=("constant", "linear", "cosine", "plateau")),
    ParamSpec("warmup", "int", 0, "steps over which the learning rates ramp up from 0", lo=0),
    ParamSpec("eval_every", "int", 0, "every N steps, estimate quality: the SWD of 64 samples against "
              "64 training images (lower is better), shown beside the losses and drawn in the loss "
              "plot (0: off)", lo=0),
    ParamSpec("patience", "int", 0, "early stopping: with `eval_every`, stop when the quality estimate "
              "has not improved for this many estimates, keeping the generator of the best one; "
              "`steps` is then the cap (0: off)", lo=0),
    ParamSpec("ema", "float", 0.999, "EMA decay of the generator used by later stages (0: off)", lo=0.0, hi=1.0),
    ParamSpec("augment", "list", ["auto"], "DiffAugment policies; \"ada\": adaptive (ADA) augmentation, "
              "its p driven by D's overfitting, of the ops named beside it (else xflip, translation, "
              "color, cutout); \"auto\" (default): ADA below 2000 images, else none; []: none", item="str",
              choices=("translation", "cutout", "color", "xflip", "ada", "auto")),
    ParamSpec("conditional", "bool", False,
              "class-conditional: G and D see each image's class (needs labelled data)"),
    ParamSpec("diversity", "float", 0.3, "class-conditional runs: weight of the mode-seeking term that "
              "keeps samples of one class apart (0: off; without it G drew one image per class)", lo=0.0,
              hi=100.0),
    ParamSpec("seed", "int", 0, "random seed", lo=0),
    ParamSpec("preview_every", "int", 200, "write a preview sample grid every N steps (0: never)", lo=0, keyed=False),
    ParamSpec("checkpoint_every", "int", 250, "save a resumable checkpoint every N steps", lo=1, keyed=False),
)


AUTO, AUTO_EVERY, AUTO_PATIENCE = "auto", 250, 4  # `steps = "auto"`: early stopping's defaults
STABILITY_OFF = {"clip_grad": 0.0, "clip_weights": 0.0, "lr_schedule": "constant", "warmup": 0,
                 "eval_every": 0, "patience": 0}


class TrainConfig(config_class("TrainConfig", TRAIN_PARAMS, hidden=[("sync_every", 25, False)])):
    """The train op's settings: fields and defaults are TRAIN_PARAMS (inputs left out)."""

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> "TrainConfig":
        """From resolved params; `steps = "auto"` becomes `max_steps` with early stopping on."""
        cfg = super().from_params(params)
        if cfg.steps != AUTO:
            return cfg
        return dataclasses.replace(cfg, steps=cfg.max_steps, eval_every=cfg.eval_every or AUTO_EVERY,
                                   patience=cfg.patience or AUTO_PATIENCE)

    def keyed(self) -> dict[str, Any]:
        """The settings that define a training run (a longer run shares them)."""
        d = super().keyed()
        if not self.conditional:  # it acts only on class-conditional runs (keys stay as they were)
            d.pop("diversity")
        d.pop("max_steps", None)  # `steps = "auto"` runs to it: like `steps`, a longer cap continues
        for name, off in STABILITY_OFF.items():  # off: checkpoints written before them still resume
            if d.get(name) == off:
                d.pop(name)
        if self.lr_schedule in ("linear", "cosine"):  # the rate at every step depends on the run's length
            d["steps"] = self.steps
        return d

    def lr_factor(self, step: int, plateaus: int = 0) -> float:
        """The learning rates' multiplier at `step` (0-based): warmup, then the schedule
        (`plateaus`: how often the quality estimate has stalled so far, for "plateau")."""
        ramp = min(1.0, (step + 1) / self.warmup) if self.warmup else 1.0
        t = min(1.0, step / max(1, self.steps))
        decay = {"constant": 1.0, "linear": 1.0 - t, "cosine": 0.5 * (1.0 + math.cos(math.pi * t)),
                 "plateau": 0.5 ** plateaus}
        return ramp * decay[self.lr_schedule]


def rate_curve(train: dict[str, Any], steps: int, quality: list[tuple[int, float]]) -> list[float]:
    """G's learning rate at each step 0..steps-1 of a run whose keyed settings are `train` (a
    checkpoint's meta), [] when it was constant: what the loss plot draws."""
    from gandsl.gan.quality import PLATEAU_WAIT, plateau_count

    cfg = TrainConfig(**{k: tuple(v) if isinstance(v, list) else v for k, v in train.items()
                         if k in TrainConfig.__dataclass_fields__})
    if cfg.lr_schedule == "constant" and not cfg.warmup:
        return []
    values = [v for _, v in quality]
    done = [s for s, _ in quality]
    rates, seen, halvings = [], 0, 0
    for step in range(steps):
        if seen < len(done) and done[seen] <= step:  # a new estimate: count the stalls again
            while seen < len(done) and done[seen] <= step:
                seen += 1
            halvings = plateau_count(values[:seen], PLATEAU_WAIT)
        rates.append(cfg.lr * cfg.lr_factor(step, halvings))
    return rates
