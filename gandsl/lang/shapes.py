"""Static frame shapes: what each node yields, known from resolved params before anything runs.

Each op says its own shape through an optional module hook `shape(params, shapes) -> Shape | None`
(data: its images; a gan train node: its samples; walks: their frames; upscales: enlarged frames),
reading its inputs' shapes and nodes through `shapes`. The checker (channels, factors) and the
memory budget (engine/budget.py, with the ops' `estimate` hooks) read the same shapes.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from gandsl.lang.catalog import OpCatalog
from gandsl.lang.resolved import ResolvedNode


@dataclass(frozen=True)
class Shape:
    """Frames a node yields: count (None when unknown), height, width, channels, and the frame
    rate of a clip (None for images)."""

    n: int | None
    h: int
    w: int
    c: int
    fps: float | None = None

    @property
    def bytes(self) -> int | None:
        return None if self.n is None else self.n * self.h * self.w * self.c

    def enlarged(self, factor: int) -> "Shape":
        return replace(self, h=self.h * factor, w=self.w * factor)


class Shapes:
    """The shapes of the nodes of one resolved recipe (memoised, cycle-safe)."""

    def __init__(self, nodes: dict[str, ResolvedNode | None], ops: OpCatalog) -> None:
        self.nodes = {k: v for k, v in nodes.items() if v is not None}
        self.ops = ops
        self.memo: dict[str, Shape | None] = {}

    def node(self, name: Any) -> ResolvedNode | None:
        return self.nodes.get(name) if isinstance(name, str) else None

    def hook(self, node: ResolvedNode, name: str) -> Any:
        """An op module's optional hook (`shape`, `estimate`, `limit`), or None."""
        op = self.ops.get(node.stage, node.op)
        return getattr(op.module, name, None) if op is not None else None

    def of(self, name: Any) -> Shape | None:
        """The shape of a node's frames (images for data, samples for a train node), or None."""
        node = self.node(name)
        if node is None or name in self.memo:
            return self.memo.get(name) if node is not None else None
        self.memo[name] = None  # a guard while computing (cycles are reported elsewhere)
        fn = self.hook(node, "shape")
        try:
            self.memo[name] = fn(node.params, self) if fn else None
        except (TypeError, ValueError, KeyError, AttributeError):  # a value already reported as bad
            self.memo[name] = None
        return self.memo[name]
