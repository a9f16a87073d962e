"""The op registry: typed parameter specs, op specs, and discovery of op modules.

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

STAGES = ("data", "model", "train", "walk", "upscale", "render", "eval")
PARAM_TYPES = ("int", "float", "str", "bool", "duration", "size", "seeds", "list",
               "node", "path", "out", "class")


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()


@dataclass(frozen=True)
class ParamSpec:
    """One typed parameter of an op.

    type: int | float | str | bool | duration | size | seeds (list of ints or a range) |
    list (of `item` values) | node (a reference to a node of one of `stages`) |
    path (a file or folder, relative to the recipe) | out (an output path inside the out folder) |
    class (a class of a conditional train node: its name, or its index from 0).
    """

    name: str
    type: str
    default: Any = REQUIRED
    help: str = ""
    lo: float | None = None
    hi: float | None = None
    choices: tuple[Any, ...] | None = None
    stages: tuple[str, ...] = ()
    item: str | None = None
    track: bool = False
    keyed: bool = True
    resume: bool = False

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    @property
    def is_input(self) -> bool:
        return self.type == "node"


@dataclass(frozen=True)
class OpSpec:
    """An op: its stage, name, version (part of the cache key), help and parameters."""

    stage: str
    name: str
    version: int
    help: str
    params: tuple[ParamSpec, ...]

    def param(self, name: str) -> ParamSpec | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def inputs(self) -> tuple[ParamSpec, ...]:
        return tuple(p for p in self.params if p.is_input)


@dataclass(frozen=True)
class Op:
    """A registered op: its spec and the module that runs, saves and loads it."""

    spec: OpSpec
    module: ModuleType

    def run(self, ctx: Any, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
        return self.module.run(ctx, params, inputs)

    def save(self, value: Any, path: Any) -> None:
        self.module.save(value, path)

    def load(self, path: Any) -> Any:
        return self.module.load(path)

    def summary(self, artifact: Any) -> str:
        """A short note on a placed artifact for the run table (ops may define `summary`)."""
        fn = getattr(self.module, "summary", None)
        return fn(artifact) if fn else ""

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
