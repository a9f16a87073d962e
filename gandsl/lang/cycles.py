"""Cycles in a set of edges, in plain Python (no networkx): the checker reports node cycles with
spans (E030) and `engine.dag.build_graph` refuses a graph with one; both use this function."""
from __future__ import annotations

from typing import Iterable


def find_cycles(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """One cycle per strongly connected knot of the edges, each as the nodes along it."""
    succ: dict[str, list[str]] = {}
    for a, b in edges:
        succ.setdefault(a, []).append(b)
    cycles: list[list[str]] = []
    done: set[str] = set()
    for start in sorted(succ):
        path: list[str] = []
        on_path: set[str] = set()

        def visit(n: str) -> None:
            path.append(n)
            on_path.add(n)
            for m in succ.get(n, []):
                if m in on_path:
                    cycles.append(path[path.index(m):])
                elif m not in done:
                    visit(m)
            on_path.discard(n)
            path.pop()
            done.add(n)

        if start not in done:
            visit(start)
    return cycles


def cycle_text(cycle: list[str]) -> str:
    """A cycle in words: `a` → `b` → `a`."""
    return " → ".join(f"`{n}`" for n in cycle + [cycle[0]])
