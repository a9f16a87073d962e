"""Checks of class-conditional recipes that need the whole resolved graph (SPEC §9, §12).

A `conditional = true` train needs data with labels; `class`, `classes` and `by_class` need a
conditional train node; class names and indices must be classes of its data when those are
known before running (digits, glyphs, shapes; a `folder`'s sub-folders are known at run time).
"""
from __future__ import annotations

from typing import Any

from gandsl.lang.catalog import OpCatalog
from gandsl.lang.check import BAD, Report, did_you_mean
from gandsl.lang.resolved import ResolvedNode
from gandsl.spec import OpSpec

LABELLED = "digits, glyphs, shapes or folder { classes = true }"


def data_classes(node: ResolvedNode | None, ops: OpCatalog) -> list[str] | None:
    """The class names a data node will carry ([] if known only when it runs), or None."""
    if node is None or node.stage != "data" or any(v is BAD for v in node.params.values()):
        return None
    op = ops.get("data", node.op)
    fn = getattr(op.module, "classes", None) if op else None
    return None if fn is None else list(fn(node.params))


def class_refs(node: ResolvedNode, spec: OpSpec) -> list[tuple[str, Any]]:
    """(key, class) pairs a node names: its `class` params and each entry of its class lists."""
    refs: list[tuple[str, Any]] = []
    for p in spec.params:
        value = node.params.get(p.name)
        if p.type == "class" and value is not None:
            refs.append((p.name, value))
        elif p.type == "list" and p.item == "class" and isinstance(value, list):
            refs += [(p.name, c) for c in value]
    return refs


def wants_classes(node: ResolvedNode, spec: OpSpec) -> str | None:
    """The key that makes a node need a conditional train node, or None."""
    named = [p.name for p in spec.params if p.type == "class" and node.params.get(p.name) is not None]
    if named:
        return named[0]
    when = spec.classes_when
    return when if when is not None and node.params.get(when) not in (None, False) else None


def check_classes(nodes: dict[str, ResolvedNode | None], report: Report, ops: OpCatalog) -> None:
    """Report class problems of every node (codes E060-E062)."""
    for node in nodes.values():
        if node is None:
            continue
        if node.stage == "train" and node.params.get("conditional") is True:
            data = nodes.get(node.params.get("data")) if isinstance(node.params.get("data"), str) else None
            if data is not None and data_classes(data, ops) is None:
                report.error("E060", f"`{node.name}` trains a conditional GAN on `{data.name}`, "
                             "which has no class labels", node.spans.get("conditional", node.span),
                             f"`{data.op}` data carries no labels", f"use {LABELLED}")
        op = ops.get(node.stage, node.op)
        key = wants_classes(node, op.spec) if op is not None else None
        if key is not None:
            _check_consumer(node, key, nodes, report, ops)


def _check_consumer(node: ResolvedNode, key: str, nodes: dict, report: Report, ops: OpCatalog) -> None:
    """A walk or sheet that names classes: its train node is conditional, its classes exist."""
    source = node.params.get("from")
    train = nodes.get(source) if isinstance(source, str) else None
    if train is None or train.stage != "train" or "conditional" not in train.params:
        return  # not a train node that can be conditional
    if train.params.get("conditional") is not True:
        report.error("E061", f"`{node.name}` uses classes, but `{train.name}` is not conditional",
                     node.spans.get(key, node.span), "needs a class-conditional train node",
                     f"add `conditional = true` to `{train.name}` (its data needs labels)")
        return
    data = nodes.get(train.params.get("data")) if isinstance(train.params.get("data"), str) else None
    names = data_classes(data, ops)
    op = ops.get(node.stage, node.op)
    for k, ref in class_refs(node, op.spec) if op is not None else []:
        if names and class_index(ref, names) is None:
            shown = f'"{ref}"' if isinstance(ref, str) else str(ref)
            report.error("E062", f"`{node.name}`: no class {shown} in `{data.name}`",
                         node.spans.get(k, node.span), _classes_label(names),
                         _hint(ref, names))


def class_index(ref: Any, names: list[str]) -> int | None:
    """The index a class reference names: an index in range, or a class name; else None."""
    if isinstance(ref, bool):
        return None
    if isinstance(ref, int):
        return ref if 0 <= ref < len(names) else None
    return names.index(ref) if isinstance(ref, str) and ref in names else None


def _hint(ref: Any, names: list[str]) -> str | None:
    """A did-you-mean for a class name, ignoring case first ("a" -> "A")."""
    if not isinstance(ref, str):
        return None
    same = [n for n in names if n.lower() == ref.lower()]
    return f'did you mean "{same[0]}"? (class names are case sensitive)' if same else did_you_mean(ref, names)


def _classes_label(names: list[str]) -> str:
    shown = ", ".join(f'"{n}"' for n in names[:12]) + (" ..." if len(names) > 12 else "")
    return f"classes: {shown} (or an index 0 to {len(names) - 1})"
