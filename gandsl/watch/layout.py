"""The DAG as the page draws it: each node in a column by depth (longest path from a source)."""
from __future__ import annotations

from typing import Any


def layout(recipe: Any, statuses: dict[str, str]) -> tuple[list[dict[str, Any]], list[list[str]]]:
    """Nodes with column/row and status, and edges [upstream, downstream], in declaration order."""
    depth: dict[str, int] = {}

    def column(name: str) -> int:
        if name not in depth:
            ups = recipe.nodes[name].inputs.values()
            depth[name] = 1 + max((column(u) for u in ups if u in recipe.nodes), default=-1)
        return depth[name]

    rows: dict[int, int] = {}
    nodes = []
    for name, node in recipe.nodes.items():
        col = column(name)
        row = rows.get(col, 0)
        rows[col] = row + 1
        nodes.append({"name": name, "stage": node.stage, "op": node.op, "col": col, "row": row,
                      "status": statuses.get(name, "idle"), "seconds": None, "note": ""})
    edges = [[up, name] for name, node in recipe.nodes.items()
             for up in dict.fromkeys(node.inputs.values()) if up in recipe.nodes]
    return nodes, edges
