"""Check-time rules of super-resolution (SPEC §9, §12): what can be known before anything runs.

Frame shapes are inferred statically from resolved params (data `size`/`channels`/`count`, a
GAN's model resolution, a walk's frame count and grid, upscale factors), so these are errors with
a caret at check time: an SR factor that does not divide the data size, a `gan` train node where
an `srgan` one is needed (or the other way), and an upscaler used on frames of another channel
count. `engine/budget.py` uses the same shapes for upscale nodes and their renders (E037).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gandsl.lang.check import Report
from gandsl.lang.resolved import ResolvedNode
from gandsl.lang.values import frame_count

MIN_LOW_RES = 4


@dataclass(frozen=True)
class Shape:
    """Frames a node yields: count (None when unknown), height, width, channels."""

    n: int | None
    h: int
    w: int
    c: int

    @property
    def bytes(self) -> int | None:
        return None if self.n is None else self.n * self.h * self.w * self.c


class Shapes:
    """Static frame shapes of the nodes of one resolved recipe (memoised, cycle-safe)."""

    def __init__(self, nodes: dict[str, ResolvedNode | None]) -> None:
        self.nodes = {k: v for k, v in nodes.items() if v is not None}
        self.memo: dict[str, Shape | None] = {}

    def node(self, name: Any) -> ResolvedNode | None:
        return self.nodes.get(name) if isinstance(name, str) else None

    def of(self, name: Any) -> Shape | None:
        """The shape of a node's frames (images for data, samples for a train node), or None."""
        node = self.node(name)
        if node is None or name in self.memo:
            return self.memo.get(name) if node is not None else None
        self.memo[name] = None  # a guard while computing (cycles are reported elsewhere)
        try:
            self.memo[name] = self._shape(node)
        except (TypeError, ValueError, KeyError, AttributeError):  # a value already reported as bad
            self.memo[name] = None
        return self.memo[name]

    def _shape(self, node: ResolvedNode) -> Shape | None:
        p = node.params
        if node.stage == "data":
            count = int(p["count"]) if isinstance(p.get("count"), int) else None
            return Shape(count, int(p["size"]), int(p["size"]), int(p["channels"]))
        if node.stage == "train" and node.op == "gan":
            return self._gan(node)
        if node.stage == "walk":
            return self._walk(node)
        if node.stage == "upscale":
            inner = self.of(p.get("frames"))
            f = self.factor(node)
            return None if inner is None or f is None else Shape(inner.n, inner.h * f, inner.w * f, inner.c)
        return None

    def _gan(self, node: ResolvedNode) -> Shape | None:
        data, model = self.of(node.params.get("data")), self.node(node.params.get("model"))
        if data is None or model is None:
            return None
        r = int(model.params.get("resolution") or data.h)
        return Shape(None, r, r, int(model.params.get("channels") or data.c))

    def _walk(self, node: ResolvedNode) -> Shape | None:
        cell = self.of(node.params.get("from"))
        if cell is None:
            return None
        p = node.params
        n = frame_count(p.get("frames"), p.get("duration"), p.get("fps"))
        g = p["grid"]
        gap = 0 if g.w * g.h == 1 else max(1, cell.h // 32)
        return Shape(n, g.h * cell.h + (g.h - 1) * gap, g.w * cell.w + (g.w - 1) * gap, cell.c)

    def factor(self, node: ResolvedNode) -> int | None:
        """An upscale node's factor (a learned one's from its srgan node)."""
        if node.op == "resize":
            return int(node.params["factor"])
        model = self.node(node.params.get("model"))
        return int(model.params["factor"]) if model is not None and model.op == "srgan" else None


# (stage, op, param) -> the train op the referenced node must have
TRAIN_KIND = {("upscale", "sr", "model"): "srgan", ("render", "compare", "model"): "srgan",
              ("render", "sheet", "upscale"): "srgan", ("eval", "sr_quality", "model"): "srgan",
              ("render", "sheet", "from"): "gan", ("eval", "swd", "from"): "gan"}
# (stage, op) -> (the param naming an srgan node, the param whose images it enlarges)
SR_USERS = {("upscale", "sr"): ("model", "frames"), ("render", "compare"): ("model", "frames"),
            ("render", "sheet"): ("upscale", "from"), ("eval", "sr_quality"): ("model", "data")}


def check_upscale(nodes: dict[str, ResolvedNode | None], report: Report) -> None:
    """Report the super-resolution errors of a resolved recipe (its other checks passed)."""
    shapes = Shapes(nodes)
    for node in shapes.nodes.values():
        _train_kinds(node, shapes, report)
        if node.op == "srgan":
            _factor_fits(node, shapes, report)
        if (node.stage, node.op) in SR_USERS:
            _channels_match(node, shapes, report)


def _train_kinds(node: ResolvedNode, shapes: Shapes, report: Report) -> None:
    for key, value in node.params.items():
        want = TRAIN_KIND.get((node.stage, node.op, key))
        if want is None and node.stage == "walk" and key == "from":
            want = "gan"
        target = shapes.node(value)
        if want is None or target is None or target.stage != "train" or \
                (target.op == "srgan") == (want == "srgan"):
            continue
        what = "a trained upscaler (`train ... = srgan`)" if want == "srgan" else "a trained GAN"
        a = "an" if target.op[0] in "aeios" else "a"
        report.error("E083", f"`{key}` needs {what}, but `{value}` is {a} `{target.op}` train node",
                     node.spans.get(key, node.span), f"{a} `{target.op}` node",
                     "an `srgan` node enlarges frames; a `gan` node makes them" if want == "srgan"
                     else "walks, sheets and `eval swd` sample a GAN; an `srgan` node goes in "
                     "`upscale NAME = sr { model = ... }`")


def _factor_fits(node: ResolvedNode, shapes: Shapes, report: Report) -> None:
    data = shapes.of(node.params.get("data"))
    f = node.params.get("factor")
    if data is None or not isinstance(f, int):
        return
    if data.h % f or data.h // f < MIN_LOW_RES:
        fits = [k for k in (2, 4) if data.h % k == 0 and data.h // k >= MIN_LOW_RES]
        hint = (f"use `factor = {fits[0]}`, or a data `size` that is a multiple of {f}" if fits
                else f"give the data a `size` that is a multiple of {f}, e.g. {max(f * 8, data.h // f * f)}")
        report.error("E080", f"factor {f} does not fit the data size {data.h}: the high-res images "
                     f"must shrink to a whole size of at least {MIN_LOW_RES} px",
                     node.spans.get("factor", node.span), f"{data.h} is not {f} x a whole size", hint)


def _channels_match(node: ResolvedNode, shapes: Shapes, report: Report) -> None:
    model_key, frames_key = SR_USERS[(node.stage, node.op)]
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
