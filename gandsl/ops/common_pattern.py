"""What ops share about tileable pattern models: finding a node's pattern model, its checks.

Not an op module (the registry loads only `<stage>_<name>.py`); no torch. The checks follow a
node's inputs up to the model node (walks and upscales to their train node, a train node to its
model), so a size that is not a multiple of the model's `step`, or a pattern model where a vector
latent is needed, is an error before anything runs.
"""
from __future__ import annotations

from typing import Any

UPSTREAM = {"walk": "from", "upscale": "frames", "render": "from"}  # stylize: tiles do not wrap


def model_node(name: Any, nodes: dict[str, Any]) -> Any:
    """The model node a train, walk or upscale node draws from (through its inputs), or None."""
    node = nodes.get(name) if isinstance(name, str) else None
    for _ in range(32):  # a chain of upscales is short; a cycle is reported elsewhere
        if node is None:
            return None
        if node.stage == "model":
            return node
        key = "model" if node.stage == "train" and "model" in node.inputs else (
            "from" if node.stage == "train" else UPSTREAM.get(node.stage))
        node = nodes.get(node.inputs.get(key)) if key else None
    return None


def pattern_of(name: Any, nodes: dict[str, Any]) -> Any:
    """The `pattern` model node behind a node, or None (another model, or none)."""
    model = model_node(name, nodes)
    return model if model is not None and model.op == "pattern" else None


def step_of(model: Any) -> int:
    """The pixels per noise cell of a pattern model node."""
    return int(model.params.get("step", 16))


def size_problems(size: Any, model: Any, key: str = "size") -> list:
    """E044 when a WxH size is not a multiple of the pattern model's step."""
    from gandsl.lang.check_nodes import Problem

    step = step_of(model)
    if size is None or (size.w % step == 0 and size.h % step == 0):
        return []
    near = f"{_near(size.w, step)}x{_near(size.h, step)}"
    return [Problem("E044", f"`{key} = {size}` is not a multiple of the pattern model's step "
                    f"({step} px a noise cell)", key, f"not a multiple of {step}",
                    f"write `{key} = {near}`, or give `{model.name}` another `step`")]


def _near(n: int, step: int) -> int:
    return max(step, round(n / step) * step)


def needs_pattern(params: dict[str, Any], nodes: dict[str, Any], key: str, what: str) -> list:
    """E045 when the node behind `key` is not a pattern model (what: the thing that needs one)."""
    from gandsl.lang.check_nodes import Problem

    if pattern_of(params.get(key), nodes) is not None:
        return []
    return [Problem("E045", f"{what} needs a `pattern` model, but `{params.get(key)}` does not "
                    "draw from one", key, "not a pattern model",
                    "train a `model m = pattern { }` with `train gan` and draw from that node")]


def needs_vector(params: dict[str, Any], nodes: dict[str, Any], key: str, what: str) -> list:
    """E047 when the node behind `key` is a pattern model: `what` needs one latent vector."""
    from gandsl.lang.check_nodes import Problem

    model = pattern_of(params.get(key), nodes)
    if model is None:
        return []
    return [Problem("E047", f"{what} needs a generator with one latent vector, but `{model.name}` "
                    "is a pattern model (a grid of noise)", key, "a pattern model",
                    "use a `dcgan` or `resnet` model here; pattern models walk with noise_loop, "
                    "slerp, spline or great_circle")]


def walk_check(params: dict[str, Any], upstream: dict[str, Any], nodes: dict[str, Any]) -> list:
    """A walk's `size`: only for pattern models (E046), a multiple of their step (E044)."""
    from gandsl.lang.check_nodes import Problem

    size, model, rep = params.get("size"), pattern_of(params.get("from"), nodes), params.get("repeat")
    repeats = rep is not None and rep.w * rep.h > 1
    if model is None and repeats:
        return [Problem("E046", f"`repeat = {rep}` shows how frames tile, which only a `pattern` "
                        "model's do", "repeat", "not a pattern model",
                        "remove `repeat`, or walk a pattern model")]
    if size is None:
        return []
    if model is None:
        return [Problem("E046", f"`size = {size}` draws frames of any size, which only a `pattern` "
                        "model can", "size", "not a pattern model",
                        "remove `size` (frames are the model's resolution), or walk a pattern "
                        "model; to enlarge frames use an upscale node")]
    return size_problems(size, model)


def tile_check(params: dict[str, Any], upstream: dict[str, Any], nodes: dict[str, Any]) -> list:
    """`tile = true` holds only for frames that tile: a pattern model's walk (E048)."""
    from gandsl.lang.check_nodes import Problem

    frames = nodes.get(params.get("frames"))
    if not params.get("tile") or (frames is not None and frames.stage != "data"
                                  and pattern_of(frames.name, nodes) is not None):
        return []
    return [Problem("E048", "`tile = true` keeps a repeat, but these frames do not tile: they are "
                    "not from a `pattern` model", "tile", "frames that do not tile",
                    "remove `tile = true`, or upscale a walk of a `pattern` model")]
