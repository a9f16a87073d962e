"""Checks of resolved nodes that need more than one value: failures a run would meet, found early.

An op module may define `check(params, upstream) -> list[Problem]` (cheap: no torch, no data
loading); `upstream` maps each input param to the resolved upstream node. An optional
`check_deep(params, upstream, nodes)` also gets every resolved node, for rules that follow
inputs further up (a walk's size against its train node's model). Walk nodes get the
keyframe check here: every key of a track must lie inside the walk's duration.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from gandsl.errors import Span
from gandsl.lang.catalog import OpCatalog
from gandsl.lang.check import BAD, Report
from gandsl.lang.resolved import ResolvedNode
from gandsl.lang.settle import image_count
from gandsl.lang import values
from gandsl.lang.values import Track



@dataclass(frozen=True)
class Problem:
    """One failure found in a node's settings: the key it points at and the message."""

    code: str
    message: str
    key: str | None
    label: str = ""
    help: str | None = None


def check_nodes(nodes: dict[str, ResolvedNode | None], spans: dict[tuple[str, str], Span],
                report: Report, ops: OpCatalog) -> None:
    """Run every node's op check and the walk keyframe check, reporting at the key's span."""

    for node in nodes.values():
        if node is None or any(v is BAD for v in node.params.values()):
            continue
        op = ops.get(node.stage, node.op)
        upstream = {k: nodes.get(v) for k, v in node.inputs.items()}
        if op is None or any(u is None for u in upstream.values()):
            continue
        problems = list(walk_keyframes(node.params)) if node.stage == "walk" else []
        fn = getattr(op.module, "check", None)
        problems += fn(node.params, upstream) if fn else []
        deep = getattr(op.module, "check_deep", None)  # rules that follow inputs further up
        problems += deep(node.params, upstream, nodes) if deep else []
        counted = getattr(op.module, "check_counts", None)  # rules on how many images inputs yield
        problems += counted(node.params, lambda k: image_count(upstream[k], ops)) if counted else []
        for p in problems:
            key = p.key or ""
            span = spans.get((node.name, key)) or spans.get((node.name, key.split("#")[0]), node.span)
            report.error(p.code, p.message, span, p.label, p.help)


def out_suffix(out: Any, artifact: str | None) -> list[Problem]:
    """A render's `out` ends in the extension of the file it writes (a folder: none), so a
    recipe cannot name a `.html` page or a script that `watch` or a browser would run."""
    if artifact is None or not isinstance(out, str) or not out:
        return []
    path = PurePosixPath(out.replace("\\", "/"))
    want = f".{artifact}" if artifact else ""
    if path.suffix.lower() == want:
        return []
    what = f"a `{want}` file" if want else "a folder (a name without an extension)"
    fix = f"\"{path.stem or 'out'}{want}\""
    return [Problem("E038", f"`out` \"{out}\" must name {what}: this render writes that", "out",
                    f"not {what}", f"write `out = {fix}`")]


def walk_seconds(params: dict[str, Any]) -> float:
    """A walk's length in seconds: its frame count (values.frame_count) over fps."""
    return values.walk_seconds(params.get("frames"), params.get("duration"), params["fps"])


def walk_keyframes(params: dict[str, Any]) -> list[Problem]:
    """A keyframe past the end of the walk (it would never be reached) is an error (a walk
    whose length is its sound's is not known before it runs)."""
    if "audio" in params and params.get("duration") is None and not params.get("frames"):
        return []
    length, fps = walk_seconds(params), float(params["fps"])
    problems = []
    for key, value in params.items():
        if not isinstance(value, Track):
            continue
        for i, (frame, at) in enumerate(zip(value.keys, value.times(fps))):
            if at > length + 1e-9:
                problems.append(Problem(
                    "E072", f"keyframe `{frame.time}` of `{key}` is after the walk ends", f"{key}#{i}",
                    f"the walk lasts {length:g}s", "move the key inside the walk, or make the "
                    "walk longer with `duration`"))
                break
    return problems

