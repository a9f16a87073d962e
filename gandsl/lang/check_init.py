"""Check `train ... = OP { init = OTHER }`: OTHER is a train node of the same op and model shape."""
from __future__ import annotations

from typing import Any

from gandsl.lang.check import Report
from gandsl.lang.resolved import ResolvedNode

SHAPE_FROM_DATA = {"resolution": "size", "channels": "channels"}  # model param -> data param


def model_shape(train: ResolvedNode, nodes: dict[str, ResolvedNode | None]) -> dict[str, Any] | None:
    """The model a gan node trains, as op + params, 0 (= from the data) filled where the data says."""
    model, data = nodes.get(train.params.get("model")), nodes.get(train.params.get("data"))
    if model is None:
        return None
    shape = {"op": model.op, **{k: v for k, v in model.params.items() if k not in model.inputs}}
    for key, data_key in SHAPE_FROM_DATA.items():
        if not shape.get(key) and data is not None and isinstance(data.params.get(data_key), int):
            shape[key] = data.params[data_key]
    return shape


def check_init(nodes: dict[str, ResolvedNode | None], edges: dict, report: Report) -> None:
    """Report (E033) every `init` naming a node of another op or a model of another shape."""
    for node in nodes.values():
        if node is None or node.stage != "train" or not isinstance(node.params.get("init"), str):
            continue
        parent = nodes.get(node.params["init"])
        if parent is None:
            continue
        span = edges.get((parent.name, node.name))
        if parent.op != node.op:
            report.error("E033", f"`init` of `{node.name}` must be a `{node.op}` train node, but "
                         f"`{parent.name}` is a `{parent.op}` node", span, f"a {parent.op} node")
            continue
        if bool(node.params.get("conditional")) != bool(parent.params.get("conditional")):
            kinds = {True: "class-conditional", False: "unconditional"}
            report.error("E033", f"`{node.name}` is {kinds[bool(node.params.get('conditional'))]} but "
                         f"`{parent.name}` is {kinds[bool(parent.params.get('conditional'))]}", span,
                         "another kind of model", "give both train nodes the same `conditional`")
            continue
        mine, theirs = model_shape(node, nodes), model_shape(parent, nodes)
        if mine is None or theirs is None:
            continue
        diff = [k for k in sorted(set(mine) | set(theirs)) if mine.get(k) != theirs.get(k)
                and mine.get(k) and theirs.get(k)]
        if diff:
            shown = ", ".join(f"{k} {theirs.get(k)} vs {mine.get(k)}" for k in diff)
            report.error("E033", f"`{node.name}` cannot start from `{parent.name}`: their models "
                         f"differ ({shown})", span, "a model of another shape",
                         f"give `{node.name}` the model of `{parent.name}` (same op, latent, width, "
                         "resolution and channels)")
