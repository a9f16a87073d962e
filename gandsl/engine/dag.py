"""The recipe as a networkx DiGraph (edges upstream -> downstream), and its text forms."""
from __future__ import annotations

import json

import networkx as nx

from gandsl.errors import RecipeError
from gandsl.lang.resolved import ResolvedRecipe


def build_graph(recipe: ResolvedRecipe) -> nx.DiGraph:
    """Nodes carry `node` (the ResolvedNode); edges carry `param` (the input's name)."""
    graph = nx.DiGraph()
    for name, node in recipe.nodes.items():
        graph.add_node(name, node=node)
    for name, node in recipe.nodes.items():
        for param, upstream in node.inputs.items():
            graph.add_edge(upstream, name, param=param)
    check_acyclic(graph)
    return graph


def check_acyclic(graph: nx.DiGraph) -> None:
    """Raise a RecipeError naming a cycle, if the graph has one."""
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return
    ring = " → ".join(f"`{a}`" for a, _ in cycle) + f" → `{cycle[0][0]}`"
    raise RecipeError(f"nodes refer to each other in a cycle: {ring}", code="E030")


def order(graph: nx.DiGraph) -> list[str]:
    """Node names upstream first, ties in declaration order."""
    position = {name: i for i, name in enumerate(graph.nodes)}
    return list(nx.lexicographical_topological_sort(graph, key=position.__getitem__))


def _label(graph: nx.DiGraph, name: str) -> str:
    node = graph.nodes[name]["node"]
    return f"{node.stage} {name} = {node.op}"


def to_text(graph: nx.DiGraph) -> str:
    """One line per node, upstream first, with what it reads."""
    lines = []
    for name in order(graph):
        inputs = [f"{d['param']}={u}" for u, _, d in graph.in_edges(name, data=True)]
        tail = f"  <- {', '.join(inputs)}" if inputs else ""
        lines.append(_label(graph, name) + tail)
    return "\n".join(lines)


def _mermaid_id(name: str) -> str:
    return name.replace(".", "__")


def to_mermaid(graph: nx.DiGraph) -> str:
    """A Mermaid flowchart."""
    lines = ["flowchart LR"]
    for name in order(graph):
        lines.append(f'  {_mermaid_id(name)}["{_label(graph, name)}"]')
    for up, down, data in graph.edges(data=True):
        lines.append(f"  {_mermaid_id(up)} -->|{data['param']}| {_mermaid_id(down)}")
    return "\n".join(lines)


def to_dot(graph: nx.DiGraph) -> str:
    """A Graphviz digraph."""
    lines = ["digraph recipe {", "  rankdir=LR;", "  node [shape=box];"]
    for name in order(graph):
        lines.append(f"  {json.dumps(name)} [label={json.dumps(_label(graph, name))}];")
    for up, down, data in graph.edges(data=True):
        lines.append(f"  {json.dumps(up)} -> {json.dumps(down)} [label={json.dumps(data['param'])}];")
    lines.append("}")
    return "\n".join(lines)
