"""train op `gan`: adversarial training with EMA, DiffAugment and resumable checkpoints."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.gan.config import TRAIN_PARAMS
from gandsl.spec import OpSpec
from gandsl.context import RunContext

SPEC = OpSpec(
    stage="train",
    name="gan",
    version=2,
    help="adversarial training with EMA, DiffAugment and resumable checkpoints",
    params=TRAIN_PARAMS,
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    """Train the model on the data; resumes from ctx.work_dir checkpoints."""
    if ctx.scale.active:
        from gandsl.gan.launch import train_distributed

        return train_distributed(ctx, inputs["model"], inputs["data"], params)
    from gandsl.gan.config import TrainConfig
    from gandsl.gan.train import fit

    data = inputs["data"]
    if len(data) < 2:
        ctx.warn(f"training on {len(data)} image: the GAN can only learn to copy it; add images, "
                 "or use `augment = [\"translation\", \"color\"]` for small variations")
    return fit(ctx, inputs["model"], data, TrainConfig.from_params(params), inputs.get("init"))


def shape(params: dict[str, Any], shapes: Any) -> Any:
    """The samples of a gan node: its model's resolution and channels (0: the data's), no count."""
    from gandsl.lang.shapes import Shape

    data, model = shapes.of(params.get("data")), shapes.node(params.get("model"))
    if data is None or model is None:
        return None
    r = int(model.params.get("resolution") or data.h)
    return Shape(None, r, r, int(model.params.get("channels") or data.c))


def check_scale(params: dict[str, Any], world: int) -> tuple[str, str, str] | None:
    """(message, label, help) when `batch` does not split over `world` processes, else None."""
    batch = int(params.get("batch", 32))
    if world <= 1 or batch % world == 0:
        return None
    lower, upper = batch - batch % world, batch - batch % world + world
    near = " or ".join(str(b) for b in (lower, upper) if b > 0)
    return (f"batch {batch} does not split evenly over {world} processes", f"batch {batch}",
            f"set `batch = {near}` (a multiple of {world}), or use another --nproc; on a CPU with "
            f"few cores --nproc 1 is fastest")


def check(params: dict[str, Any], upstream: dict[str, Any]) -> list:
    """Early stopping needs estimates to stop on; a model that takes its resolution from the data
    needs data of a size it can be built at."""
    from gandsl.lang.check_nodes import Problem
    from gandsl.spec import MODEL_RESOLUTIONS as RESOLUTIONS

    if params.get("lr_schedule") == "plateau" and not params.get("eval_every"):
        return [Problem("E315", "`lr_schedule = \"plateau\"` lowers the rates when the quality estimate "
                        "stalls, but `eval_every` is 0", "lr_schedule", "nothing to watch",
                        "add `eval_every = 250` (an estimate every 250 steps)")]
    if params.get("patience") and not params.get("eval_every"):
        return [Problem("E314", "`patience` stops on quality estimates, but `eval_every` is 0",
                        "patience", "nothing to stop on", "add `eval_every = 250` (an estimate "
                        "every 250 steps)")]
    if params.get("conditional") and upstream["model"].op == "fastgan":
        return [Problem("E063", "a `fastgan` model cannot be class-conditional", "conditional",
                        "fastgan has no class inputs", "use a `dcgan` or `resnet` model for classes")]
    model, data = upstream["model"].params, upstream["data"].params
    if upstream["model"].op == "pattern":
        return pattern_problems(params, upstream)
    size = data.get("size")
    if model.get("resolution") or not isinstance(size, int) or size in RESOLUTIONS:
        return []
    fits = ", ".join(map(str, RESOLUTIONS))
    near = min(RESOLUTIONS, key=lambda r: (abs(r - size), -r))
    return [Problem("E071", f"no model resolution fits {size}x{size} images", "data",
                    f"`{upstream['data'].name}` makes {size}x{size} images",
                    f"models are built at {fits}: set the data's `size = {near}`, or give "
                    f"`{upstream['model'].name}` a `resolution = {near}` (the images are resized)")]


def pattern_problems(params: dict[str, Any], upstream: dict[str, Any]) -> list:
    """A pattern model is not conditional (E049) and its side holds two noise cells (E044)."""
    from gandsl.lang.check_nodes import Problem

    model = upstream["model"]
    if params.get("conditional"):
        return [Problem("E049", f"`{model.name}` is a pattern model, which cannot be conditional",
                        "conditional", "a pattern model", "train one pattern model per class, or "
                        "use a `dcgan` or `resnet` model")]
    side, step = model.params.get("resolution") or upstream["data"].params.get("size"), int(model.params["step"])
    if not isinstance(side, int) or (side % step == 0 and side >= 2 * step):
        return []
    return [Problem("E044", f"`{model.name}` draws {step} px a noise cell, so it trains on sides of "
                    f"2 cells or more in whole cells; the data is {side} px", "data",
                    f"{side} px is not a multiple of 2 x {step}", f"give `{model.name}` a smaller "
                    f"`step`, or the data a `size` of {max(2 * step, side - side % step)}")]


def settle(params: dict[str, Any], around: Any) -> dict[str, tuple[Any, str]]:
    """A fastgan model's defaults where the recipe is silent: steps from the number of pictures,
    their side and the machine; FastGAN's hinge loss and batch 16."""
    from gandsl.gan.fewshot import BATCH, LOSS, fewshot_steps

    model, data = around.upstream["model"], around.upstream["data"]
    if model.op != "fastgan":
        return {}
    side = model.params.get("resolution") or data.params.get("size")
    side = side if isinstance(side, int) else 64
    chosen = {"loss": (LOSS, "fastgan default"), "batch": (BATCH, "fastgan default")}
    if "steps" not in around.written:  # counting the pictures lists a folder: only when needed
        chosen["steps"] = fewshot_steps(around.count("data"), side, around.machine)
    return {k: v for k, v in chosen.items() if k not in around.written}


def note(data_dir: Path) -> str:
    """For `plan`: the step an early-stopped run (`patience`, `steps = "auto"`) stopped at and the
    step whose generator it kept (from the entry's meta.json; no torch)."""
    import json

    try:
        meta = json.loads((Path(data_dir) / "meta.json").read_text())
    except (OSError, ValueError):
        return ""
    if "best_step" not in meta:
        return ""
    ended = "stopped early at" if meta.get("stopped") else "ran to"
    return f"{ended} step {meta['step']}; keeps the generator of step {meta['best_step']}"


def save(value: Any, path: Path) -> None:
    value.save(Path(path))


def load(path: Path) -> Any:
    from gandsl.gan.checkpoint import Trained

    return Trained.load(Path(path))
