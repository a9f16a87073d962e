"""What the checker knows of ops: a lookup handed to it, so the language layer never imports ops.

`gandsl.ops.registry.CATALOG` is the built-in one; `engine.session.load_recipe` passes it. A test
or a tool may hand in any other (fake ops, a plugin set).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class OpCatalog:
    """get(stage, name): the op (its `.spec` an OpSpec, its `.module` the optional hooks `check`
    and `classes`) or None; of_stage(stage): every op of a stage."""

    get: Callable[[str, str], Any]
    of_stage: Callable[[str], list]
