"""The op registry: discovery of op modules (their specs are gandsl/spec.py's ParamSpec/OpSpec).

Every op lives in its own module `gandsl/ops/<stage>_<name>.py` that defines

    SPEC = OpSpec(stage=..., name=..., version=..., help=..., params=(ParamSpec(...), ...))
    def run(ctx: RunContext, params: dict, inputs: dict) -> Any
    def save(value: Any, path: Path) -> None      # path: an empty directory of the store
    def load(path: Path) -> Any                    # the value back, without pickle

and imports heavy libraries (torch, imageio) only inside those functions, so that listing and
checking ops stays cheap. Render and eval ops save exactly one file named `artifact.<ext>` (or a
folder `artifact/`) which the engine places at the node's `out` inside the output folder.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Any

from gandsl.context import RunContext
from gandsl.lang.catalog import OpCatalog
from gandsl.spec import PARAM_TYPES, REQUIRED, STAGES, OpSpec, ParamSpec  # noqa: F401 (re-export)

@dataclass(frozen=True)
class Op:
    """A registered op: its spec and the module that runs, saves and loads it."""

    spec: OpSpec
    module: ModuleType

    def run(self, ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
        """Run with every param: the spec's defaults fill what `params` leaves out (a recipe's
        params come resolved and complete; a direct caller, e.g. a test, may give only some)."""
        full = {p.name: p.default for p in self.spec.params if not p.required and not p.is_input}
        full.update(params)
        return self.module.run(ctx, full, inputs)

    def save(self, value: Any, path: Any) -> None:
        self.module.save(value, path)

    def load(self, path: Any) -> Any:
        return self.module.load(path)

    def summary(self, artifact: Any) -> str:
        """A short note on a placed artifact for the run table (ops may define `summary`)."""
        fn = getattr(self.module, "summary", None)
        return fn(artifact) if fn else ""

    def note(self, data_dir: Any) -> str:
        """A short note on a cached entry for `plan` (ops may define `note`), e.g. where an
        early-stopped training stopped; reads only small files, never torch."""
        fn = getattr(self.module, "note", None)
        return fn(data_dir) if fn else ""

    def files(self, params: dict[str, Any]) -> list:
        """Files this node reads, digested into its cache key (ops may define `files`)."""
        fn = getattr(self.module, "files", None)
        return list(fn(params)) if fn else []


@lru_cache(maxsize=1)
def registry() -> dict[tuple[str, str], Op]:
    """All ops keyed by (stage, name), discovered from `gandsl.ops.<stage>_<name>` modules."""
    import gandsl.ops as pkg

    ops: dict[tuple[str, str], Op] = {}
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name.split("_", 1)[0] not in STAGES:
            continue
        module = importlib.import_module(f"gandsl.ops.{info.name}")
        spec: OpSpec = module.SPEC
        ops[(spec.stage, spec.name)] = Op(spec, module)
    return ops


def get_op(stage: str, name: str) -> Op | None:
    """The op of a stage by name, or None."""
    return registry().get((stage, name))


def ops_of_stage(stage: str) -> list[Op]:
    """Every op of one stage, by name."""
    return [op for (s, _), op in sorted(registry().items()) if s == stage]


CATALOG = OpCatalog(get_op, ops_of_stage)  # what the checker is handed (gandsl.lang.catalog)
