"""Planning, a pure function: which nodes a run visits, in which order, and which are forced.

Targets are every render and eval node (or, for a recipe with none, every node nothing depends
on), or the `--only` nodes; the plan holds the targets and their ancestors in a topological
order that follows declaration order, all read from the one graph of `dag.build_graph`.
`--force NODE` reruns that node and its descendants.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable

import networkx as nx

from gandsl.engine import dag
from gandsl.errors import RecipeError
from gandsl.spec import OUTPUT_STAGES

TARGET_STAGES = OUTPUT_STAGES


@dataclass(frozen=True)
class Plan:
    """The nodes to visit in order, the targets asked for, the nodes to recompute, the graph."""

    order: tuple[str, ...]
    targets: tuple[str, ...]
    forced: frozenset[str]
    graph: nx.DiGraph = field(default=None, compare=False, repr=False)  # type: ignore[assignment]

    def inputs(self, name: str) -> list[str]:
        """The nodes `name` reads, in declaration order."""
        return list(self.graph.predecessors(name))

    def dependents(self, name: str) -> list[str]:
        """The planned nodes that read `name`."""
        return [n for n in self.graph.successors(name) if n in self._planned]

    @cached_property
    def _planned(self) -> frozenset[str]:
        return frozenset(self.order)


def default_targets(graph: nx.DiGraph) -> list[str]:
    """Render and eval nodes, or the nodes nothing depends on if there are none."""
    targets = [n for n, node in graph.nodes(data="node") if node.stage in TARGET_STAGES]
    return targets or [n for n in graph.nodes if graph.out_degree(n) == 0]


def _check_names(graph: nx.DiGraph, names: Iterable[str], flag: str) -> None:
    bad = [n for n in names if n not in graph]
    if not bad:
        return
    name = bad[0]
    close = difflib.get_close_matches(name, list(graph.nodes), n=1)
    raise RecipeError(f"{flag} {name}: no node named `{name}`", code="E101",
                      help=f"did you mean `{close[0]}`?" if close else
                      f"nodes: {', '.join(graph.nodes) or '(none)'}")


def make_plan(graph: nx.DiGraph, only: Iterable[str] = (), force: Iterable[str] = ()) -> Plan:
    """The plan over a recipe's graph (dag.build_graph), given `--only` and `--force` nodes."""
    only, force = list(dict.fromkeys(only)), list(dict.fromkeys(force))
    _check_names(graph, only, "--only")
    _check_names(graph, force, "--force")
    targets = only or default_targets(graph)
    if not only:
        targets += [n for n in force if n not in targets]
    wanted = set(targets)
    for target in targets:
        wanted |= nx.ancestors(graph, target)
    order = [n for n in dag.order(graph) if n in wanted]
    forced = set()
    for name in force:
        forced |= {name} | nx.descendants(graph, name)
    return Plan(tuple(order), tuple(targets), frozenset(forced & wanted), graph)
