"""Defaults that depend on other nodes: filled in after resolving, before the checks.

An op module may define `settle(params, around: Around) -> dict[name, (value, why)]`: values for
params the recipe did not write, chosen from the resolved upstream nodes, the number of images
each yields and the machine kind (`cpu` or an accelerator, guessed without torch). The chosen
values are ordinary params from then on (checked, keyed, shown by `plan` with their reason in
`ResolvedNode.settled`).
"""
from __future__ import annotations

from dataclasses import dataclass

from gandsl.lang.catalog import OpCatalog
from gandsl.lang.check import BAD
from gandsl.lang.resolved import ResolvedNode


@dataclass(frozen=True)
class Around:
    """What a `settle` hook may read: the params the recipe wrote, the upstream nodes (input param
    -> node), the machine kind and, on demand, how many images an upstream node yields."""

    written: frozenset[str]
    upstream: dict[str, ResolvedNode]
    machine: str
    ops: OpCatalog

    def count(self, param: str) -> int | None:
        """The image count of the upstream node of `param` (None when unknown before running)."""
        return image_count(self.upstream[param], self.ops)


def machine_kind() -> str:
    """`cpu`, `cuda` or `mps`: what `--device auto` would pick, found without torch."""
    from gandsl.numerics import guess_device_kind

    return guess_device_kind("auto")


def settle_defaults(nodes: dict[str, ResolvedNode | None], ops: OpCatalog, machine: str | None = None) -> None:
    """Apply every op's `settle` hook to its node, in place."""
    for node in nodes.values():
        op = ops.get(node.stage, node.op) if node is not None else None
        fn = getattr(op.module, "settle", None) if op is not None else None
        if fn is None or any(v is BAD for v in node.params.values()):
            continue
        upstream = {k: nodes.get(v) for k, v in node.inputs.items()}
        if any(u is None or any(x is BAD for x in u.params.values()) for u in upstream.values()):
            continue
        machine = machine or machine_kind()
        around = Around(frozenset(node.spans), upstream, machine, ops)
        for name, (value, why) in fn(node.params, around).items():
            node.params[name] = value
            node.settled[name] = why


def image_count(node: ResolvedNode, ops: OpCatalog) -> int | None:
    """How many images a data node yields, when known before it runs (its op's `count` hook)."""
    op = ops.get(node.stage, node.op)
    fn = getattr(op.module, "count", None) if op is not None else None
    return fn(node.params) if fn is not None else written_count(node)


def written_count(node: ResolvedNode) -> int | None:
    """A data node's `count` param, when it has one."""
    count = node.params.get("count")
    return count if isinstance(count, int) and not isinstance(count, bool) else None
