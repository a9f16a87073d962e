"""Planning, a pure function: which nodes a run visits, in which order, and which are forced.

Targets are every render and eval node (or, for a recipe with none, every node nothing depends
on), or the `--only` nodes; the plan holds the targets and their ancestors in a topological
order that follows declaration order. `--force NODE` reruns that node and its descendants.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable

import networkx as nx

from gandsl.errors import RecipeError
from gandsl.lang.resolved import ResolvedRecipe

TARGET_STAGES = ("render", "eval")


@dataclass(frozen=True)
class Plan:
    """The nodes to visit in order, the targets asked for, and the nodes to recompute."""

    order: tuple[str, ...]
    targets: tuple[str, ...]
    forced: frozenset[str]


def dependency_graph(recipe: ResolvedRecipe) -> nx.DiGraph:
    """Nodes of a recipe with an edge from each input to the node that reads it."""
    graph = nx.DiGraph()
    for index, (name, node) in enumerate(recipe.nodes.items()):
        graph.add_node(name, index=index)
    for name, node in recipe.nodes.items():
        for upstream in node.inputs.values():
            graph.add_edge(upstream, name)
    return graph


def default_targets(recipe: ResolvedRecipe, graph: nx.DiGraph) -> list[str]:
    """Render and eval nodes, or the nodes nothing depends on if there are none."""
    targets = [n for n, node in recipe.nodes.items() if node.stage in TARGET_STAGES]
    return targets or [n for n in recipe.nodes if graph.out_degree(n) == 0]


def _check_names(recipe: ResolvedRecipe, names: Iterable[str], flag: str) -> None:
    bad = [n for n in names if n not in recipe.nodes]
    if not bad:
        return
    name = bad[0]
    close = difflib.get_close_matches(name, list(recipe.nodes), n=1)
    raise RecipeError(f"{flag} {name}: no node named `{name}`", code="E101",
                      help=f"did you mean `{close[0]}`?" if close else
                      f"nodes: {', '.join(recipe.nodes) or '(none)'}")


def make_plan(recipe: ResolvedRecipe, only: Iterable[str] = (),
              force: Iterable[str] = ()) -> Plan:
    """The plan for a recipe, given `--only` targets and `--force` nodes."""
    only, force = list(dict.fromkeys(only)), list(dict.fromkeys(force))
    _check_names(recipe, only, "--only")
    _check_names(recipe, force, "--force")
    graph = dependency_graph(recipe)
    targets = only or default_targets(recipe, graph)
    if not only:
        targets += [n for n in force if n not in targets]
    wanted = set(targets)
    for target in targets:
        wanted |= nx.ancestors(graph, target)
    order = [n for n in nx.lexicographical_topological_sort(
        graph, key=lambda n: graph.nodes[n]["index"]) if n in wanted]
    forced = set()
    for name in force:
        forced |= {name} | nx.descendants(graph, name)
    return Plan(tuple(order), tuple(targets), frozenset(forced & wanted))
