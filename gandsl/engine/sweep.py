"""Sweeps: the variants of `--vary`, their nodes keyed before anything runs, shared work found.

Each variant is the recipe loaded with the sweep's `--set`s plus one value of every `--vary`, so
it is keyed exactly as `gandsl run R --set ...` would key it. A node is identified across
variants by its *static key*: the key material with each input's static key in place of its
output digest. Equal static keys mean equal real keys (same op, params, files, numerics and, by
induction, the same cached inputs), so each distinct static key is one `Unit` of work that runs
once, however many variants use it. Keys that only become equal at run time (early cutoff)
are still computed once: the store's per-key lock makes the second worker wait and reuse.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from gandsl.errors import RecipeError
from gandsl.numerics import Numerics

MAX_VARIANTS = 1000
RANGE = re.compile(r"\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*")
UNSAFE = re.compile(r"[^A-Za-z0-9._+-]+")


class SweepError(RecipeError):
    """A `--vary` or sweep setting that cannot make variants (exit 1)."""


def split_values(text: str) -> list[str]:
    """`a,b,c` split at commas outside brackets and quotes; `1..8` expands to 1, 2, ..., 8."""
    items, depth, quoted, start = [], 0, False, 0
    for i, c in enumerate(text):
        if c == '"' and (i == 0 or text[i - 1] != "\\"):
            quoted = not quoted
        elif not quoted and c in "([{":
            depth += 1
        elif not quoted and c in ")]}":
            depth -= 1
        elif not quoted and depth == 0 and c == ",":
            items.append(text[start:i])
            start = i + 1
    items.append(text[start:])
    out: list[str] = []
    for item in items:
        match = RANGE.fullmatch(item)
        if match:
            lo, hi = int(match[1]), int(match[2])
            if hi < lo or hi - lo >= MAX_VARIANTS:
                raise SweepError(f"--vary range `{item.strip()}` is empty or too long", code="E801",
                                 help=f"write LO..HI with LO <= HI (at most {MAX_VARIANTS} values)")
            out += [str(v) for v in range(lo, hi + 1)]
        elif item.strip():
            out.append(item.strip())
        else:
            raise SweepError(f"--vary `{text}` has an empty value", code="E801",
                             help="separate values by single commas: --vary seed=1,2,3")
    return out


def parse_vary(texts: Sequence[str], sets: Sequence[str] = ()) -> list[tuple[str, list[str]]]:
    """`NAME=VALUES` options as (name, values); a name given twice or also `--set` is refused."""
    fixed = {s.partition("=")[0].strip() for s in sets}
    out: list[tuple[str, list[str]]] = []
    for text in texts:
        name, eq, values = text.partition("=")
        name = name.strip()
        if not eq or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) or not values.strip():
            raise SweepError(f"--vary needs NAME=VALUES, got `{text}`", code="E800",
                             help="e.g. --vary seed=1..8 --vary lr=1e-4,2e-4 (NAME: a declared param)")
        if name in fixed or any(name == n for n, _ in out):
            raise SweepError(f"--vary {name} is given twice (or also with --set)", code="E802",
                             help="give each param once: all its values in one --vary")
        out.append((name, list(dict.fromkeys(split_values(values)))))
    return out


@dataclass(frozen=True)
class Variant:
    """One combination: its folder name, its `--set`s (the sweep's own first) and what varies."""

    index: int
    name: str
    sets: tuple[str, ...]
    varied: tuple[tuple[str, str], ...]


def folder_name(varied: Sequence[tuple[str, str]]) -> str:
    """`seed=1,lr=1e-4`: a plain folder name (other characters of a value become `-`)."""
    return ",".join(f"{k}={UNSAFE.sub('-', v).strip('.') or '-'}" for k, v in varied) or "base"


def make_variants(sets: Sequence[str], vary: list[tuple[str, list[str]]]) -> list[Variant]:
    """The cross product of the `--vary` values, in the order given (last name fastest)."""
    count = 1
    for _, values in vary:
        count *= len(values)
    if count > MAX_VARIANTS:
        raise SweepError(f"the sweep has {count} variants, more than {MAX_VARIANTS}", code="E803",
                         help="vary fewer params or fewer values; split the sweep in parts")
    names = [n for n, _ in vary]
    out, seen = [], set()
    for index, combo in enumerate(itertools.product(*[v for _, v in vary])):
        varied = tuple(zip(names, combo))
        name = folder_name(varied)
        if name in seen:  # two values that differ only in unsafe characters
            name = f"{name},{index}"
        seen.add(name)
        extra = tuple(f"{k}={v}" for k, v in varied)
        out.append(Variant(index, name, tuple(sets) + extra, varied))
    return out


@dataclass
class Unit:
    """One distinct node of the sweep: computed once, for every (variant, node) that uses it."""

    key: str  # the static key
    node: str
    op: str
    stage: str
    numeric: bool
    variant: int  # the variant that computes it
    inputs: dict[str, str] = field(default_factory=dict)  # node name -> upstream unit key
    users: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Sweep:
    """The variants, their loaded recipes and plans, and the distinct units in a runnable order."""

    path: Path
    variants: list[Variant]
    recipes: list[Any]
    plans: list[Any]
    numerics: Numerics
    units: dict[str, Unit]
    unit_of: list[dict[str, str]]  # per variant: node -> unit key

    def instances(self) -> int:
        """(variant, node) pairs in all the plans."""
        return sum(len(p.order) for p in self.plans)

    def by_priority(self) -> list[Unit]:
        """Units with the most work depending on them first (a training before its renders)."""
        below: dict[str, set[str]] = {key: set() for key in self.units}
        for unit in reversed(list(self.units.values())):  # dependents before their inputs
            for up in unit.inputs.values():
                below[up] |= below[unit.key] | {unit.key}
        return sorted(self.units.values(), key=lambda u: -len(below[u.key]))

    def shared(self) -> list[Unit]:
        """Units that more than one variant uses."""
        return [u for u in self.units.values() if len({v for v, _ in u.users}) > 1]


def build_sweep(path: Path, variants: list[Variant], numerics: Numerics, files: Any,
                only: Sequence[str] = (), data_root: Path | None = None,
                max_memory: int | None = None) -> Sweep:
    """Load and plan every variant, key its nodes statically and merge equal keys into units."""
    from gandsl.engine.keys import Keyer
    from gandsl.engine.session import checked_plan, load_recipe
    from gandsl.ops.registry import get_op

    recipes, plans, unit_of, units = [], [], [], {}
    for v in variants:
        recipe = load_recipe(path, v.sets, data_root, numerics.device)  # defaults settled for it
        plan = checked_plan(recipe, only, (), max_memory, numerics.world)
        keyer, static = Keyer(recipe, get_op, files, numerics), {}
        for name in plan.order:
            key = "static:" + keyer.material(name, static).key
            static[name] = key
            node = recipe.nodes[name]
            unit = units.setdefault(key, Unit(
                key, name, f"{node.stage} {node.op}", node.stage,
                keyer.op(name).spec.keyed_on_numerics, v.index,
                {up: static[up] for up in plan.inputs(name)}))
            unit.users.append((v.index, name))
        recipes.append(recipe)
        plans.append(plan)
        unit_of.append(static)
    return Sweep(path, variants, recipes, plans, numerics, units, unit_of)


def cached_digests(sweep: Sweep, store: Any, files: Any) -> dict[str, str | None]:
    """Each unit's output digest when its real key is known and cached now, else None."""
    from gandsl.engine.keys import Keyer
    from gandsl.ops.registry import get_op

    keyers: dict[int, Any] = {}
    digests: dict[str, str | None] = {}
    for unit in sweep.units.values():  # inserted in a runnable order
        ups = {name: digests.get(key) for name, key in unit.inputs.items()}
        digests[unit.key] = None
        if any(d is None for d in ups.values()):
            continue
        keyer = keyers.setdefault(unit.variant, Keyer(sweep.recipes[unit.variant], get_op, files,
                                                      sweep.numerics))
        entry = store.lookup(keyer.material(unit.node, ups).key)
        digests[unit.key] = entry.digest if entry is not None else None
    return digests
