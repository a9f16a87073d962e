"""What an op is, for every layer: stages, the one param type enum, ParamSpec and OpSpec.

The language layer checks recipes against these specs, the engine keys nodes by them and each
op module (gandsl/ops/<stage>_<name>.py) declares its `SPEC = OpSpec(...)` with them. This module
imports nothing from gandsl, so any layer may import it.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Sequence

STAGES = ("data", "model", "train", "walk", "upscale", "stylize", "render", "eval")
# Stages whose ops compute with torch, so their numbers depend on gandsl.numerics (device,
# precision, threads, processes) and their keys include it. Other ops opt in with OpSpec.numerics.
NUMERIC_STAGES = ("train", "walk", "upscale", "stylize")
# The image sides a GAN model can be built at (models, their `resolution` choices, the checks).
MODEL_RESOLUTIONS = (16, 32, 64, 128)


def resolutions_text() -> str:
    """`16, 32, 64 or 128`."""
    *head, last = MODEL_RESOLUTIONS
    return ", ".join(map(str, head)) + f" or {last}"


# Stages whose ops make a file (artifact) for the user: a recipe's default targets, and what the
# engine places into the output folder.
OUTPUT_STAGES = ("render", "eval")

# The one type enum. A recipe `param` may declare the first six; ops may use them all.
PARAM_TYPES = ("int", "float", "str", "bool", "duration", "size", "seeds", "list",
               "node", "path", "out", "class")
RECIPE_PARAM_TYPES = PARAM_TYPES[:6]


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
    ops: tuple[str, ...] = ()  # node params: the ops a referenced train node may have (E083)
    # A param added to an op after its keys were in use: left out of the key while it has its
    # default, so the cache entries made before it existed stay valid.
    added: bool = False
    sound: bool = False  # node params: takes a sound (a data node whose op has sound=True), E051

    def __post_init__(self) -> None:
        if self.type not in PARAM_TYPES:
            raise ValueError(f"param {self.name}: unknown type {self.type!r}")

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
    numerics: bool | None = None  # None: by stage (NUMERIC_STAGES)
    artifact: str | None = None  # render/eval: the extension of the file it writes ("" a folder)
    enlarges: tuple[str, str] | None = None  # (upscaler param, frames param): channels must match
    # The param that, when set (truthy), makes a node draw the classes of its `from` train node,
    # which must then be conditional (E061): e.g. a sheet's `by_class`, a class morph's `from`.
    classes_when: str | None = None
    sound: bool = False  # a data op whose value is a sound, not images (only `sound` params take it)

    @property
    def keyed_on_numerics(self) -> bool:
        """Whether this op's output depends on device, precision and threads (so its key does)."""
        return self.stage in NUMERIC_STAGES if self.numerics is None else self.numerics

    def param(self, name: str) -> ParamSpec | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def inputs(self) -> tuple[ParamSpec, ...]:
        return tuple(p for p in self.params if p.is_input)


_PY_TYPES = {"int": int, "float": float, "str": str, "bool": bool, "list": tuple}


class SpecConfig:
    """Base of the configs `config_class` makes: typed settings of an op, built from its params."""

    _specs: dict[str, ParamSpec] = {}
    _hidden_keyed: tuple[str, ...] = ()

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> Any:
        """Build from resolved op params (inputs and unknown keys are ignored; lists become tuples)."""
        kw = {}
        for name, spec in cls._specs.items():
            if name in params:
                value = params[name]
                if spec.type == "list":
                    value = tuple(float(v) if spec.item == "float" else v for v in value)
                kw[name] = value
        return cls(**kw)

    def keyed(self) -> dict[str, Any]:
        """The settings that define a run: keyed params that do not merely resume it (a longer
        run shares them), plus hidden fields marked keyed; tuples as lists (their JSON form)."""
        out = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            spec = self._specs.get(f.name)
            keep = (spec.keyed and not spec.resume) if spec else f.name in self._hidden_keyed
            if keep:
                value = getattr(self, f.name)
                out[f.name] = list(value) if isinstance(value, tuple) else value
        return out


def config_class(name: str, params: Sequence[ParamSpec], *, exclude: Sequence[str] = (),
                 hidden: Sequence[tuple[str, Any, bool]] = (), doc: str = "") -> type:
    """A dataclass of an op's settings whose fields and defaults are its ParamSpecs (inputs and
    `exclude` left out, list defaults as tuples), plus `hidden` (name, default, keyed) fields that
    are no params: one place for every default, however many configs read it."""
    specs = {p.name: p for p in params if not p.is_input and p.name not in exclude}
    fields = [(n, _PY_TYPES.get(p.type, object),
               dataclasses.field(default=tuple(p.default) if isinstance(p.default, list) else p.default))
              for n, p in specs.items()]
    fields += [(n, type(d), dataclasses.field(default=d, repr=False)) for n, d, _ in hidden]
    cls = dataclasses.make_dataclass(name, fields, bases=(SpecConfig,))
    cls._specs, cls._hidden_keyed = specs, tuple(n for n, _, keyed in hidden if keyed)
    cls.__doc__ = doc or f"The settings of an op, from its params ({', '.join(specs)})."
    return cls
