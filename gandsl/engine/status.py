"""What `plan` says per node: cached, will run, or pending upstream, and the reason why.

Reasons come from a small record of each node's last key material (by recipe file and node
name), Snakemake style: "steps 800 → 1000", "input run changed", "no cached entry".
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gandsl.engine.fileio import atomic_write_text, digest_json
from gandsl.engine.keys import Keyer, Material
from gandsl.engine.plan import Plan
from gandsl.lang.resolved import ResolvedRecipe
from gandsl.engine.store import Store

CACHED, RUN, PENDING = "cached", "will run", "pending upstream"


@dataclass(frozen=True)
class NodeStatus:
    """One node's fate in a plan."""

    node: str
    op: str
    state: str
    reason: str = ""
    key: str | None = None


class Records:
    """The last key material of each node, by recipe file and node name (for reasons)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def _path(self, recipe: Path, node: str) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / f"{digest_json([str(Path(recipe).resolve()), node])[:32]}.json"

    def get(self, recipe: Path, node: str) -> dict[str, Any] | None:
        """The material recorded last time, or None."""
        path = self._path(recipe, node)
        try:
            data = json.loads(path.read_text()) if path else None
        except (OSError, ValueError, RecursionError):
            return None
        ok = isinstance(data, dict) and all(isinstance(data.get(k, {}), dict)
                                            for k in ("params", "inputs"))
        ok = ok and isinstance(data.get("files", []), list) and all(
            isinstance(f, list) and len(f) == 2 for f in data.get("files", []))
        return data if ok else None  # a record of the wrong shape is no record

    def put(self, recipe: Path, node: str, material: Material) -> None:
        """Remember a node's material (skipped when unchanged)."""
        path = self._path(recipe, node)
        if path is not None and self.get(recipe, node) != material.data:
            atomic_write_text(path, json.dumps(material.data, sort_keys=True))


def _show(value: Any) -> str:
    if isinstance(value, dict) and set(value) == {"s"}:
        return f"{value['s']}s"
    if isinstance(value, dict) and set(value) == {"f"}:
        return f"{value['f']}f"
    if isinstance(value, dict) and set(value) == {"size"}:
        return "x".join(str(v) for v in value["size"])
    return "(unset)" if value is None else json.dumps(value, separators=(", ", ": "))


def changes(old: dict[str, Any] | None, new: dict[str, Any], names: dict[str, str]) -> list[str]:
    """What differs between two materials, in words; names maps input params to nodes."""
    if old is None:
        return []
    out = []
    if old.get("version") != new.get("version") or old.get("op") != new.get("op"):
        out.append(f"op {old.get('op')} v{old.get('version')} → {new['op']} v{new['version']}")
    op_, np_ = old.get("params", {}), new.get("params", {})
    for k in sorted(set(op_) | set(np_)):
        if op_.get(k) != np_.get(k):
            out.append(f"{k} {_show(op_.get(k))} → {_show(np_.get(k))}")
    for param, digest in new.get("inputs", {}).items():
        if digest is not None and old.get("inputs", {}).get(param) != digest:
            out.append(f"input {names.get(param, param)} changed")
    old_files = dict(map(tuple, old.get("files", [])))
    for path, digest in new.get("files", []):
        if old_files.get(path) != digest:
            out.append(f"file {Path(path).name} changed")
    if old.get("meta") != new.get("meta"):
        out.append("embedded recipe changed")
    return out


def plan_status(recipe: ResolvedRecipe, plan: Plan, store: Store, keyer: Keyer,
                records: Records) -> list[NodeStatus]:
    """Each planned node: cached, will run or pending upstream, with the reason."""
    digests: dict[str, str | None] = {}
    out = []
    for name in plan.order:
        node = recipe.nodes[name]
        material = keyer.material(name, digests)
        op = f"{node.stage} {node.op}"
        waiting = [up for up in plan.inputs(name) if digests.get(up) is None]
        diff = changes(records.get(recipe.path, name), material.data, node.inputs)
        digests[name] = None
        if name in plan.forced:
            out.append(NodeStatus(name, op, RUN, "forced (--force)"))
        elif waiting:
            why = diff + [f"input {up} will rerun" for up in waiting]
            out.append(NodeStatus(name, op, PENDING, "; ".join(why)))
        elif (entry := store.lookup(material.key)) is not None:
            digests[name] = entry.digest
            out.append(NodeStatus(name, op, CACHED, keyer.op(name).note(entry.data_dir), material.key))
        else:
            why = "; ".join(diff) or ("no cached entry" if not records.get(recipe.path, name)
                                      else "cached entry missing (evicted or broken)")
            out.append(NodeStatus(name, op, RUN, why, material.key))
    return out
