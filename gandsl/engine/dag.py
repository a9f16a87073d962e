"""The recipe graph: the one builder, plus its text forms.

`build_graph` turns a ResolvedRecipe into a networkx DiGraph (edges upstream -> downstream),
nodes in declaration order; planning, the scheduler and `gandsl graph` all read that one graph.
Cycles are found by `lang.cycles.find_cycles` (plain Python, so `gandsl check` never imports
networkx), which the loader uses to report them with spans and `build_graph` for hand-made recipes.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Iterable

from gandsl.errors import RecipeError
from gandsl.lang.cycles import cycle_text, find_cycles
from gandsl.lang.resolved import ResolvedRecipe

if TYPE_CHECKING:
    import networkx as nx


def build_graph(recipe: ResolvedRecipe) -> "nx.DiGraph":
    """Nodes carry `node` (the ResolvedNode); edges carry `params` (the input names it feeds)."""
    import networkx as nx

    graph = nx.DiGraph(recipe=recipe)
    for name, node in recipe.nodes.items():
        graph.add_node(name, node=node)
    for name, node in recipe.nodes.items():
        for param, upstream in node.inputs.items():
            if graph.has_edge(upstream, name):
                graph.edges[upstream, name]["params"] += (param,)
            else:
                graph.add_edge(upstream, name, params=(param,))
    cycles = find_cycles(graph.edges)
    if cycles:
        raise RecipeError(f"nodes refer to each other in a cycle: {cycle_text(cycles[0])}",
                          code="E030")
    return graph


def order(graph: "nx.DiGraph") -> list[str]:
    """Node names upstream first, ties in declaration order."""
    import networkx as nx

    position = {name: i for i, name in enumerate(graph.nodes)}
    return list(nx.lexicographical_topological_sort(graph, key=position.__getitem__))


def _label(graph: "nx.DiGraph", name: str) -> str:
    node = graph.nodes[name]["node"]
    return f"{node.stage} {name} = {node.op}"


def to_text(graph: "nx.DiGraph") -> str:
    """One line per node, upstream first, with what it reads."""
    lines = []
    for name in order(graph):
        inputs = [f"{p}={u}" for u, _, d in graph.in_edges(name, data=True) for p in d["params"]]
        tail = f"  <- {', '.join(inputs)}" if inputs else ""
        lines.append(_label(graph, name) + tail)
    return "\n".join(lines)


def _mermaid_id(name: str) -> str:
    return name.replace(".", "__")


def to_mermaid(graph: "nx.DiGraph") -> str:
    """A Mermaid flowchart."""
    lines = ["flowchart LR"]
    for name in order(graph):
        lines.append(f'  {_mermaid_id(name)}["{_label(graph, name)}"]')
    for up, down, data in graph.edges(data=True):
        for param in data["params"]:
            lines.append(f"  {_mermaid_id(up)} -->|{param}| {_mermaid_id(down)}")
    return "\n".join(lines)


def to_dot(graph: "nx.DiGraph") -> str:
    """A Graphviz digraph."""
    lines = ["digraph recipe {", "  rankdir=LR;", "  node [shape=box];"]
    for name in order(graph):
        lines.append(f"  {json.dumps(name)} [label={json.dumps(_label(graph, name))}];")
    for up, down, data in graph.edges(data=True):
        for param in data["params"]:
            lines.append(f"  {json.dumps(up)} -> {json.dumps(down)} "
                         f"[label={json.dumps(param)}];")
    lines.append("}")
    return "\n".join(lines)
