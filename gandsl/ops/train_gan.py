"""train op `gan`: adversarial training with EMA, DiffAugment and resumable checkpoints."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.ops.registry import OpSpec, ParamSpec

SPEC = OpSpec(
    stage="train",
    name="gan",
    version=2,
    help="adversarial training with EMA, DiffAugment and resumable checkpoints",
    params=(
        ParamSpec("model", "node", help="the model node to train", stages=("model",)),
        ParamSpec("data", "node", help="the data node to learn from", stages=("data",)),
        ParamSpec("init", "node", None, "fine-tune: start from the weights of this gan train node "
                  "(same model shape)", stages=("train",)),
        ParamSpec("steps", "int", 3000, "training steps (generator updates)", lo=1, hi=100_000_000, resume=True),
        ParamSpec("batch", "int", 32, "images per step", lo=1, hi=4096),
        ParamSpec("lr", "float", 2e-4, "generator learning rate", lo=0.0, hi=1.0),
        ParamSpec("lr_d", "float", 2e-4, "discriminator learning rate", lo=0.0, hi=1.0),
        ParamSpec("betas", "list", [0.5, 0.999], "Adam betas for both networks", item="float"),
        ParamSpec("loss", "str", "bce", "adversarial loss", choices=("bce", "hinge", "wgan-gp", "lsgan")),
        ParamSpec("r1", "float", 0.0, "R1 gradient penalty weight on real images (0: off)", lo=0.0),
        ParamSpec("n_critic", "int", 1, "discriminator steps per generator step", lo=1, hi=20),
        ParamSpec("ema", "float", 0.999, "EMA decay of the generator used by later stages (0: off)", lo=0.0, hi=1.0),
        ParamSpec("augment", "list", [], "DiffAugment policies; \"ada\": adaptive (ADA) augmentation, its p "
                  "driven by D's overfitting; \"auto\": ADA below 2000 images", item="str",
                  choices=("translation", "cutout", "color", "ada", "auto")),
        ParamSpec("conditional", "bool", False,
                  "class-conditional: G and D see each image's class (needs labelled data)"),
        ParamSpec("seed", "int", 0, "random seed", lo=0),
        ParamSpec("preview_every", "int", 200, "write a preview sample grid every N steps (0: never)", lo=0, keyed=False),
        ParamSpec("checkpoint_every", "int", 250, "save a resumable checkpoint every N steps", lo=1, keyed=False),
    ),
)


def run(ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    """Train the model on the data; resumes from ctx.work_dir checkpoints."""
    if ctx.scale.active:
        from gandsl.gan.launch import train_distributed

        return train_distributed(ctx, inputs["model"], inputs["data"], params)
    from gandsl.gan.state import TrainConfig
    from gandsl.gan.train import fit

    data = inputs["data"]
    if len(data) < 2:
        ctx.warn(f"training on {len(data)} image: the GAN can only learn to copy it; add images, "
                 "or use `augment = [\"translation\", \"color\"]` for small variations")
    return fit(ctx, inputs["model"], data, TrainConfig.from_params(params), inputs.get("init"))


def check(params: dict[str, Any], upstream: dict[str, Any]) -> list:
    """A model that takes its resolution from the data needs data of a size it can be built at."""
    from gandsl.lang.check_nodes import RESOLUTIONS, Problem

    model, data = upstream["model"].params, upstream["data"].params
    size = data.get("size")
    if model.get("resolution") or not isinstance(size, int) or size in RESOLUTIONS:
        return []
    fits = ", ".join(map(str, RESOLUTIONS))
    near = min(RESOLUTIONS, key=lambda r: (abs(r - size), -r))
    return [Problem("E071", f"no model resolution fits {size}x{size} images", "data",
                    f"`{upstream['data'].name}` makes {size}x{size} images",
                    f"models are built at {fits}: set the data's `size = {near}`, or give "
                    f"`{upstream['model'].name}` a `resolution = {near}` (the images are resized)")]


def save(value: Any, path: Path) -> None:
    value.save(Path(path))


def load(path: Path) -> Any:
    from gandsl.gan.checkpoint import Trained

    return Trained.load(Path(path))
