"""Fake counting ops and hand-made recipes for the engine tests (no torch)."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.registry import Op
from gandsl.engine.dag import build_graph
from gandsl.engine.plan import make_plan
from gandsl.lang.resolved import ResolvedNode, ResolvedRecipe
from gandsl.engine.scheduler import Scheduler
from gandsl.engine.cache import Cache

RUNLOG = "FAKE_RUNLOG"


def _log_run(ctx: Any) -> None:
    path = os.environ.get(RUNLOG)
    if path:
        with open(path, "a") as f:
            f.write(ctx.node + "\n")


def _value(stage: str, params: dict, inputs: dict) -> int:
    if params.get("fail"):
        raise RuntimeError("boom")
    if params.get("sleep"):
        time.sleep(params["sleep"])
    base = sum(inputs.values())
    if stage == "data":
        return params["x"] // params.get("div", 1)
    return base + params.get("k", 0) + params.get("steps", 0)


def _op(stage: str, name: str, params: tuple[ParamSpec, ...], version: int = 1) -> Op:
    artifact = stage in ("render", "eval")

    def run(ctx: Any, p: dict, inputs: dict) -> int:
        _log_run(ctx)
        task = ctx.progress.task(f"{ctx.node} ticks", total=p.get("ticks", 0))
        for _ in range(p.get("ticks", 0)):
            time.sleep(0.05)
            task.advance(1, loss=0.5)
        task.close()
        if "steps" in p:
            (ctx.work_dir / "seen.txt").write_text(str(p["steps"]))
        return _value(stage, p, inputs)

    def save(value: int, folder: Path) -> None:
        (folder / ("artifact.txt" if artifact else "value.json")).write_text(json.dumps(value))

    def load(folder: Path) -> int:
        return json.loads((folder / ("artifact.txt" if artifact else "value.json")).read_text())

    spec = OpSpec(stage, name, version, f"fake {stage}", params)
    return Op(spec, SimpleNamespace(run=run, save=save, load=load))


P = ParamSpec
SLEEP = P("sleep", "float", 0.0, keyed=False)
FAIL = P("fail", "bool", False)
OPS = {
    ("data", "num"): _op("data", "num", (P("x", "int"), P("div", "int", 1), SLEEP, FAIL)),
    ("model", "num"): _op("model", "num", (P("k", "int", 0), SLEEP)),
    ("train", "add"): _op("train", "add", (
        P("data", "node", stages=("data",)), P("model", "node", stages=("model",)),
        P("steps", "int", 10, resume=True), P("every", "int", 5, keyed=False), SLEEP, FAIL,
        P("ticks", "int", 0, keyed=False))),
    ("walk", "add"): _op("walk", "add", (P("from", "node", stages=("train",)), P("k", "int", 0))),
    ("render", "txt"): _op("render", "txt", (P("frames", "node", stages=("walk",)),
                                              P("out", "out", None), P("k", "int", 0))),
    ("eval", "txt"): _op("eval", "txt", (P("from", "node", stages=("train",)), FAIL)),
}


def fake_ops(stage: str, name: str) -> Op | None:
    """Op lookup over the fake ops."""
    return OPS.get((stage, name))


def node(name: str, stage: str, op: str, inputs: dict | None = None, **params: Any) -> ResolvedNode:
    """A resolved node; input params appear in params by upstream name, as the loader does."""
    spec = OPS[(stage, op)].spec
    full = {p.name: p.default for p in spec.params if not p.required}
    full.update(params)
    full.update(inputs or {})
    return ResolvedNode(name, stage, op, full, dict(inputs or {}))


def chain(path: Path, x: int = 1, steps: int = 10, k: int = 0, names: dict | None = None,
          **extra: Any) -> ResolvedRecipe:
    """data → model → train → walk → render (+ eval): the usual recipe shape."""
    n = {"d": "d", "m": "m", "t": "t", "w": "w", "r": "r", "e": "e", **(names or {})}
    nodes = [
        node(n["d"], "data", "num", x=x, div=extra.get("div", 1), sleep=extra.get("sleep", 0.0)),
        node(n["m"], "model", "num", k=1),
        node(n["t"], "train", "add", {"data": n["d"], "model": n["m"]}, steps=steps,
             every=extra.get("every", 5), fail=extra.get("fail", False),
             ticks=extra.get("ticks", 0)),
        node(n["w"], "walk", "add", {"from": n["t"]}, k=k),
        node(n["r"], "render", "txt", {"frames": n["w"]}, out=extra.get("out")),
        node(n["e"], "eval", "txt", {"from": n["t"]}),
    ]
    return ResolvedRecipe(Path(path), {x.name: x for x in nodes},
                          sources={"r.gan": extra.get("text", "recipe text")})


def run(recipe: ResolvedRecipe, cache: Path, out: Path, only=(), force=(), jobs: int = 1,
        warnings: list | None = None, **kw: Any) -> dict[str, str]:
    """Run a recipe with the fake ops; returns node -> status."""
    warn = (warnings.append if warnings is not None else (lambda m: None))
    engine = Cache(cache, warn=warn)
    plan = make_plan(build_graph(recipe), only, force)
    sched = Scheduler(recipe, plan, engine.store, out_dir=out, ops=fake_ops,
                      files=engine.files, records=engine.records,
                      device="cpu", jobs=jobs, warn=warn, **kw)
    return {r.node: r.status for r in sched.run()}


def runs(log: Path) -> list[str]:
    """Node names the fake ops ran, in order."""
    return log.read_text().split() if log.exists() else []


_CHILD = """
import sys; sys.path.insert(0, {tests!r})
from pathlib import Path
from engine_fakes import chain, run
from gandsl.errors import Interrupted
try:
    run(chain(Path({recipe!r}), **{chain!r}), Path({cache!r}), Path({out!r}), jobs={jobs})
except Interrupted as err:
    sys.exit(err.exit_code)
"""


def child_code(recipe: Path, cache: Path, out: Path, jobs: int = 1, **chain_kw: Any) -> str:
    """Python source that runs the usual chain in another process (exit 130 on Ctrl-C)."""
    return _CHILD.format(tests=str(Path(__file__).parent), recipe=str(recipe), chain=chain_kw,
                         cache=str(cache), out=str(out), jobs=jobs)
