"""Check-time rules between nodes that the ops declare (SPEC §9, §12), op-agnostic:

- a node param whose ParamSpec names `ops` must reference a train node of one of them (E083):
  an `srgan` node where an upscaler is needed, a GAN where samples are;
- an op whose OpSpec `enlarges` = (upscaler param, frames param) gets frames of the channel count
  its upscaler was trained on (E081), from the static shapes of lang/shapes.py.

An op's own rules (an SR factor that does not fit the data) are its module's `check` hook.
"""
from __future__ import annotations

from typing import Any

from gandsl.lang.catalog import OpCatalog
from gandsl.lang.check import Report
from gandsl.lang.resolved import ResolvedNode
from gandsl.lang.shapes import Shape, Shapes  # noqa: F401 (Shape: re-export)


def check_upscale(nodes: dict[str, ResolvedNode | None], report: Report, ops: OpCatalog) -> None:
    """Report the cross-node errors of a resolved recipe (its other checks passed)."""
    shapes = Shapes(nodes, ops)
    for node in shapes.nodes.values():
        op = ops.get(node.stage, node.op)
        if op is None:
            continue
        _train_kinds(node, op.spec, shapes, report)
        if op.spec.enlarges:
            _channels_match(node, op.spec.enlarges, shapes, report)


def _train_kinds(node: ResolvedNode, spec: Any, shapes: Shapes, report: Report) -> None:
    for p in spec.params:
        value = node.params.get(p.name)
        target = shapes.node(value)
        if not p.ops or target is None or target.stage != "train" or target.op in p.ops:
            continue
        want_sr = "srgan" in p.ops
        what = "a trained upscaler (`train ... = srgan`)" if want_sr else "a trained GAN"
        a = "an" if target.op[0] in "aeios" else "a"
        report.error("E083", f"`{p.name}` needs {what}, but `{value}` is {a} `{target.op}` train node",
                     node.spans.get(p.name, node.span), f"{a} `{target.op}` node",
                     "an `srgan` node enlarges frames; a `gan` node makes them" if want_sr
                     else "walks, sheets and `eval swd` sample a GAN; an `srgan` node goes in "
                     "`upscale NAME = sr { model = ... }`")


def _channels_match(node: ResolvedNode, enlarges: tuple[str, str], shapes: Shapes,
                    report: Report) -> None:
    model_key, frames_key = enlarges
    model = shapes.node(node.params.get(model_key))
    if model is None or model.op != "srgan":
        return
    trained_on, frames = shapes.of(model.params.get("data")), shapes.of(node.params.get(frames_key))
    if trained_on is None or frames is None or trained_on.c == frames.c:
        return
    report.error("E081", f"`{model.name}` upscales {trained_on.c}-channel images, but "
                 f"`{node.params[frames_key]}` has {frames.c} channel{'s' if frames.c > 1 else ''}",
                 node.spans.get(frames_key, node.span), f"{frames.c}-channel frames",
                 f"train the upscaler on data with `channels = {frames.c}`")
