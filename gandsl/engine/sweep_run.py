"""Running a sweep: each distinct unit once, in worker processes (or Ray tasks), then every variant
placed into its own folder from the cache.

Local executor: `--jobs N` worker processes (spawned, each importing torch once). A torch node on
the CPU runs with the thread count its key was made with (a plain run's, unless `--threads`), and
takes that many of the machine's cores: units start only while the cores in use stay within the
machine, so parallel variants never oversubscribe it. A failed unit skips what depends on it; the
other variants finish. Ctrl-C stops every worker (each stops like `gandsl run` does: finished
nodes are cached, training keeps its checkpoints).
"""
from __future__ import annotations

import os
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from gandsl.engine.sweep import Sweep, Unit
from gandsl.engine.sweep_worker import run_unit, unit_spec, worker_init

BAD = ("failed", "skipped", "interrupted")


@dataclass
class VariantResult:
    """How one variant ended: its status, failing node and error, and its placed outputs."""

    name: str
    status: str = "ok"
    node: str = ""
    error: str = ""
    outputs: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # node: stage, path, note


class SweepRunner:
    """The driver's state: which units are done, how each ended, and the progress lines."""

    def __init__(self, sweep: Sweep, cache: Any, out_root: Path, device: str,
                 data_root: Path | None = None, say: Callable[[str], None] = lambda m: None) -> None:
        self.sweep, self.cache, self.out_root, self.device = sweep, cache, out_root, device
        self.data_root, self.say = data_root, say
        self.results: dict[str, dict[str, Any]] = {}
        self._keyers: dict[int, Any] = {}

    def cached(self, unit: Unit) -> dict[str, Any] | None:
        """A unit whose real key is cached already, found by the driver (no worker, no torch)."""
        from gandsl.engine.keys import Keyer
        from gandsl.ops.registry import get_op

        ups = {name: self.results[key].get("digest") for name, key in unit.inputs.items()}
        if any(d is None for d in ups.values()):
            return None
        keyer = self._keyers.setdefault(unit.variant, Keyer(
            self.sweep.recipes[unit.variant], get_op, self.cache.files, self.sweep.numerics))
        material = keyer.material(unit.node, ups)
        entry = self.cache.store.lookup(material.key)
        if entry is None:
            return None
        return {"node": unit.node, "status": "cached", "key": material.key, "digest": entry.digest}

    def spec(self, unit: Unit) -> dict[str, Any]:
        """The worker's task for a unit (run as its first variant, placed in that variant's folder)."""
        v = self.sweep.variants[unit.variant]
        return unit_spec(os.getcwd(), str(self.sweep.path), v.sets,
                         str(self.data_root) if self.data_root else None, unit.node,
                         str(Path(self.cache.root).resolve()), str(self.out_root / v.name), self.device,
                         self.sweep.numerics.material())

    def cpus(self, unit: Unit, budget: int) -> int:
        """Cores a unit keeps busy: its keyed thread count for torch on the CPU, else one."""
        numerics = self.sweep.numerics
        return max(1, min(budget, numerics.threads)) if unit.numeric and numerics.device == "cpu" else 1

    def blocked(self, unit: Unit) -> str | None:
        """The first input unit that did not succeed, or None; KeyError while one is not done."""
        for name, key in unit.inputs.items():
            if self.results[key]["status"] in BAD:
                return name
        return None

    def record(self, unit: Unit, result: dict[str, Any]) -> None:
        """Keep a unit's result and say it in one line."""
        self.results[unit.key] = result
        users = len({v for v, _ in unit.users})
        where = self.sweep.variants[unit.variant].name + (f" (+{users - 1} more)" if users > 1 else "")
        done = f"[{len(self.results)}/{len(self.sweep.units)}]"
        line = f"{done} {unit.node} ({unit.op}) {where}: {result['status']}"
        if result.get("seconds"):
            line += f" {result['seconds']:.1f}s"
        if result.get("error"):
            line += f": {result['error']}"
        self.say(line)
        for warning in result.get("warnings", []):
            self.say(f"  warning: {warning}")

    def computed(self) -> int:
        """Nodes computed by the workers (a unit may recompute an evicted input)."""
        return sum(len(r.get("ran", [])) for r in self.results.values())

    def finish(self) -> list[VariantResult]:
        """Place every variant's outputs from the cache into its folder; how each variant ended."""
        from gandsl.engine.plan import make_plan
        from gandsl.engine.scheduler import Scheduler

        out = []
        for v, recipe, plan, units in zip(self.sweep.variants, self.sweep.recipes,
                                          self.sweep.plans, self.sweep.unit_of):
            result = VariantResult(v.name)
            for name in plan.order:
                r = self.results.get(units[name], {"status": "interrupted", "error": "not run"})
                if r["status"] in BAD and result.status == "ok":
                    result.status, result.node, result.error = r["status"], name, r.get("error", "")
            targets = [t for t in plan.targets
                       if self.results.get(units[t], {}).get("status") in ("ran", "cached")]
            if targets:
                placed = Scheduler(recipe, make_plan(plan.graph, targets), self.cache.store,
                                   out_dir=self.out_root / v.name, files=self.cache.files,
                                   records=self.cache.records,
                                   device=self.device, numerics=self.sweep.numerics).run()
                result.outputs = {r.node: (recipe.nodes[r.node].stage, r.output, r.note)
                                  for r in placed if r.output}
            out.append(result)
        return out


def run_local(runner: SweepRunner, jobs: int, cores: int) -> None:
    """Every unit in `jobs` worker processes, within `cores` cores at once."""
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    pending = runner.sweep.by_priority()
    running: dict[Any, Unit] = {}
    pool = _pool(jobs)
    try:
        while pending or running:
            _submit_ready(runner, pending, running, pool, jobs, cores)
            if running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                if any(isinstance(f.exception(), BrokenProcessPool) for f in done):
                    done = set(running)  # a worker died: the pool's other units die with it
                    pool.shutdown(wait=True, cancel_futures=True)
                    pool = _pool(jobs)
                for future in done:
                    unit = running.pop(future)
                    runner.record(unit, dict(_outcome(future), node=unit.node))
    except BaseException:
        for process in list(getattr(pool, "_processes", {}).values()):
            if process.is_alive():
                os.kill(process.pid, signal.SIGTERM)
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=False)  # the workers exit while the driver places the variants


def _outcome(future: Any) -> dict[str, Any]:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:  # killed (out of memory, kill -9): this unit failed, the sweep goes on
        return {"status": "failed", "error": "its worker process died (killed, or out of memory)"}


def _pool(jobs: int) -> Any:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(jobs, multiprocessing.get_context("spawn"), initializer=worker_init)


def _submit_ready(runner: SweepRunner, pending: list[Unit], running: dict[Any, Unit], pool: Any,
                  jobs: int, cores: int) -> None:
    """Start ready units while a process and their cores are free (narrow ones pass a waiting wide one)."""
    busy = sum(runner.cpus(u, cores) for u in running.values())
    for unit in list(pending):
        try:
            bad = runner.blocked(unit)
        except KeyError:
            continue  # an input is not done yet
        if bad is not None:
            pending.remove(unit)
            runner.record(unit, {"node": unit.node, "status": "skipped",
                                 "error": f"input {bad} failed"})
            continue
        hit = runner.cached(unit)
        if hit is not None:
            pending.remove(unit)
            runner.record(unit, hit)
            continue
        need = runner.cpus(unit, cores)
        if len(running) >= jobs:
            return
        if running and busy + need > cores:
            continue  # narrower units behind it may fit (the unit list is finite: no starvation)
        pending.remove(unit)
        running[pool.submit(run_unit, runner.spec(unit))] = unit
        busy += need
