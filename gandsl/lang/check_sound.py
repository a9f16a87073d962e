"""Check-time rule between sounds and images, op-agnostic (SPEC §13, music):

a data node whose OpSpec has `sound` (e.g. `audio`) yields a sound, every other data node images.
A node param whose ParamSpec has `sound` (a walk's or render's `audio`) takes only a sound; every
other param that takes data takes only images (E051).
"""
from __future__ import annotations

from gandsl.lang.catalog import OpCatalog
from gandsl.lang.check import Report
from gandsl.lang.resolved import ResolvedNode


def check_sound(nodes: dict[str, ResolvedNode | None], report: Report, ops: OpCatalog) -> None:
    """Report every node param given a sound where images are needed, or the other way round."""
    for node in nodes.values():
        op = ops.get(node.stage, node.op) if node is not None else None
        if op is None:
            continue
        for p in op.spec.inputs:
            value = node.params.get(p.name)
            target = nodes.get(value) if isinstance(value, str) else None
            source = ops.get(target.stage, target.op) if target is not None else None
            if source is None or target.stage != "data" or source.spec.sound == p.sound:
                continue
            span = node.spans.get(p.name, node.span)
            if p.sound:
                report.error("E051", f"`{p.name}` needs a sound, but `{value}` is images "
                             f"(a `{target.op}` node)", span, "images, not a sound",
                             'read a sound file with `data music = audio { path = "song.wav" }`')
            else:
                report.error("E051", f"`{p.name}` needs images, but `{value}` is a sound",
                             span, "a sound, not images", "a sound goes in the `audio` of a "
                             "`react` walk or of an `mp4` render")
