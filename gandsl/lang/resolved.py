"""The resolved recipe: what the language layer hands the engine.

Every parameter of every node has a concrete value (defaults filled, params and `NODE.KEY`
references substituted, arithmetic done, paths made absolute); inputs name upstream nodes.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gandsl.errors import Span


@dataclass(frozen=True)
class ResolvedParam:
    """A recipe param's final value and where it came from: default, recipe or --set."""

    name: str
    value: Any
    source: str
    span: Span | None = None
    default: Any = None


@dataclass(frozen=True)
class ResolvedNode:
    """One node with concrete params; `inputs` maps an input param to the upstream node name."""

    name: str
    stage: str
    op: str
    params: dict[str, Any]
    inputs: dict[str, str]
    span: Span | None = None
    spans: dict[str, Span] = field(default_factory=dict, compare=False, repr=False)  # of set keys
    settled: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # param -> why


@dataclass(frozen=True)
class ResolvedRecipe:
    """A checked recipe ready to plan: nodes in declaration order, params, metadata, sources.

    sources maps each file's path relative to the main recipe's folder (the main file by its
    name, imports as written) to its text.
    """

    path: Path
    nodes: dict[str, ResolvedNode]
    params: dict[str, ResolvedParam] = field(default_factory=dict)
    about: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    root: Path | None = None  # where relative paths resolved (a replay's data root), else the recipe's folder

    @property
    def base(self) -> Path:
        """The folder the recipe's relative paths resolved against, absolute."""
        return Path(os.path.normpath((self.root or self.path.parent).absolute()))

    def recipe_meta(self) -> dict[str, Any]:
        """What rendered files embed: the main file, every source text and the resolved params."""
        from gandsl.lang.values import canonical

        return {
            "gandsl": 1,
            "main": str(self.path.name),
            "sources": dict(self.sources),
            "params": {k: canonical(p.value) for k, p in self.params.items()},
            **({"sets": sets} if (sets := self.overrides()) else {}),
        }

    def overrides(self) -> dict[str, Any]:
        """Params given a value other than their default with --set (canonical form)."""
        from gandsl.lang.values import canonical

        return {k: canonical(p.value) for k, p in self.params.items()
                if p.source == "--set" and canonical(p.value) != canonical(p.default)}
