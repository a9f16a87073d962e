"""Runs a plan: keys each node from its inputs' output digests, reuses or computes it, places outputs.

A node is keyed once its inputs are done, by their OUTPUT digests (early cutoff). A hit is used
without loading anything; a miss loads the inputs (verifying checksums, repairing broken entries),
takes the key's inter-process lock, checks again, runs the op and stores the result atomically.
A failing node's dependents are skipped while independent nodes finish.
"""
from __future__ import annotations

import contextlib
import threading
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from gandsl.engine.device import DeviceError, resolve_device
from gandsl.numerics import Numerics
from gandsl.errors import GandslError, Interrupted
from gandsl.engine.events import EventLog
from gandsl.engine.keys import FileDigests, Keyer, Material, OpLookup
from gandsl.context import Progress, RunContext, ScaleOut
from gandsl.ops.registry import get_op
from gandsl.engine.place import BrokenArtifact, place_artifact
from gandsl.engine.plan import Plan
from gandsl.context import Cancelled
from gandsl.engine.progress import CancellableProgress
from gandsl.lang.resolved import ResolvedRecipe
from gandsl.engine.status import Records
from gandsl.engine.store import Entry, Store
from gandsl.spec import OUTPUT_STAGES

PLACED_STAGES = OUTPUT_STAGES


@dataclass
class NodeResult:
    """What happened to one node: cached, ran, failed or skipped."""

    node: str
    op: str
    status: str
    seconds: float = 0.0
    output: str = ""
    key: str = ""
    error: str = ""
    note: str = ""
    code: str = "E300"
    help: str | None = None  # the failing op's own advice


class Scheduler:
    """Runs one plan of one recipe against a store."""

    def __init__(self, recipe: ResolvedRecipe, plan: Plan, store: Store, *, out_dir: Path,
                 ops: OpLookup = get_op, files: FileDigests | None = None,
                 records: Records | None = None, device: str = "auto", jobs: int = 1,
                 progress: Progress | None = None, events: EventLog | None = None,
                 say: Callable[[str], None] = lambda m: None,
                 warn: Callable[[str], None] = lambda m: None, scale: ScaleOut | None = None,
                 numerics: Numerics | None = None) -> None:
        self.recipe, self.plan, self.store, self.out_dir = recipe, plan, store, Path(out_dir)
        self.files = files or FileDigests(None)
        self.scale = scale or ScaleOut()
        self.numerics = numerics or Numerics.detect(device, self.scale.nproc, self.scale.nnodes)
        self.keyer = Keyer(recipe, ops, self.files, self.numerics)
        self.records = records or Records(None)
        self.requested_device, self.jobs = device, max(1, jobs)
        self.cancel = threading.Event()
        self.progress = CancellableProgress(progress, self.cancel)
        self.events = events or EventLog()
        self.say, self.warn = say, warn
        self.digests: dict[str, str] = {}
        self.entries: dict[str, Entry] = {}
        self.results: dict[str, NodeResult] = {}
        self._values: dict[str, Any] = {}
        self._lock = threading.RLock()
        self._device: str | None = None

    # -- driving ---------------------------------------------------------------------------

    def run(self) -> list[NodeResult]:
        """Visit every planned node; returns one result per node in plan order."""
        self.events.emit("run_start", recipe=str(self.recipe.path), nodes=list(self.plan.order))
        try:
            if self.jobs == 1:
                for name in self.plan.order:
                    self._visit(name)
            else:
                self._run_parallel()
        except (KeyboardInterrupt, Cancelled) as err:
            self.cancel.set()
            self.events.emit("interrupted")
            raise Interrupted("interrupted; finished nodes are cached and the cache is intact",
                              code="E130") from err
        finally:
            self.files.save()
        results = [self.results[n] for n in self.plan.order]
        self.events.emit("run_end", **{s: sum(r.status == s for r in results)
                                       for s in ("cached", "ran", "failed", "skipped")})
        return results

    def _run_parallel(self) -> None:
        waiting, running = list(self.plan.order), {}
        with ThreadPoolExecutor(self.jobs, thread_name_prefix="gandsl") as pool:
            try:
                while waiting or running:
                    for name in list(waiting):
                        if len(running) >= self.jobs:
                            break
                        if all(u in self.results for u in self.plan.inputs(name)):
                            waiting.remove(name)
                            running[pool.submit(self._visit, name)] = name
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        running.pop(future)
                        future.result()
            except BaseException:
                self.cancel.set()
                pool.shutdown(wait=True, cancel_futures=True)
                raise

    def _visit(self, name: str) -> None:
        node = self.recipe.nodes[name]
        op = f"{node.stage} {node.op}"
        bad = [u for u in self.plan.inputs(name)
               if self.results[u].status in ("failed", "skipped")]
        if bad:
            self._record(NodeResult(name, op, "skipped", error=f"input {bad[0]} failed"))
            return
        start = time.perf_counter()
        try:
            result = self._process(name)
        except (Cancelled, KeyboardInterrupt, DeviceError):
            raise
        except Exception as err:
            self.events.emit("node_error", node=name, traceback=traceback.format_exc())
            message = str(err) if isinstance(err, GandslError) else f"{type(err).__name__}: {err}"
            self.warn(f"node {name} failed: {message}")
            code = err.diagnostics[0].code if isinstance(err, GandslError) else "E300"
            advice = err.diagnostics[0].help if isinstance(err, GandslError) else None
            result = NodeResult(name, op, "failed", error=message, code=code, help=advice)
        result.seconds = time.perf_counter() - start
        self._record(result)
        self._release_inputs(name)

    def _record(self, result: NodeResult) -> None:
        with self._lock:
            self.results[result.node] = result
        self.events.emit("node_" + result.status, node=result.node, op=result.op,
                         seconds=round(result.seconds, 4), key=result.key,
                         output=result.output, error=result.error, note=result.note)

    # -- one node --------------------------------------------------------------------------

    def _process(self, name: str) -> NodeResult:
        node = self.recipe.nodes[name]
        material = self.keyer.material(name, self.digests)
        forced = name in self.plan.forced
        entry = None if forced else self.store.lookup(material.key)
        status = "cached"
        if entry is None:
            inputs = self._load_inputs(name)
            material = self.keyer.material(name, self.digests)
            entry, status = self._compute_locked(name, material, inputs, forced)
        with self._lock:
            self.entries[name], self.digests[name] = entry, entry.digest
        output = self._place(name, entry, material) if node.stage in PLACED_STAGES else None
        self.records.put(self.recipe.path, name, material)
        note = self.keyer.op(name).summary(output) if output is not None else ""
        return NodeResult(name, f"{node.stage} {node.op}", status, output=str(output or ""),
                          key=material.key, note=note)

    def _compute_locked(self, name: str, material: Material, inputs: dict[str, Any],
                        forced: bool) -> tuple[Entry, str]:
        with self.store.lock(material.key):
            entry = None if forced else self.store.lookup(material.key)
            status = "cached"
            if entry is None:
                entry, status = self._compute(name, material, inputs, forced), "ran"
        with self._lock:
            self.entries[name], self.digests[name] = entry, entry.digest
        return entry, status

    def _compute(self, name: str, material: Material, inputs: dict[str, Any],
                 forced: bool = False) -> Entry:
        """Run the op in its family's work folder; forced: from scratch in a fresh folder that
        replaces the old one (and its checkpoints) only once the run succeeded."""
        node, op = self.recipe.nodes[name], self.keyer.op(name)
        family = material.family_key(op.spec, node, self.recipe.base)
        world = {"world_size": self.scale.world} if node.stage == "train" else {}
        self.events.emit("node_start", node=name, key=material.key, family=family, **world)
        with self.store.lock(family):  # `cache gc` leaves a held work folder alone
            work_dir = self.store.work_dir(family, fresh=forced)
            try:
                entry = self._run_op(name, material, inputs, work_dir)
                if forced:
                    self.store.adopt_work_dir(family)
                return entry
            finally:
                with contextlib.suppress(OSError):
                    work_dir.rmdir()  # only when the op left nothing to resume from

    def _run_op(self, name: str, material: Material, inputs: dict[str, Any],
                work_dir: Path) -> Entry:
        node, op = self.recipe.nodes[name], self.keyer.op(name)
        with self.store.scratch() as tmp:
            device = "cpu" if node.stage == "data" else self.device()  # data: numpy only
            ctx = RunContext(node=name, device=device, work_dir=work_dir,
                             tmp_dir=tmp, out_dir=self.out_dir,
                             recipe_meta=self.recipe.recipe_meta(), progress=self.progress,
                             info=lambda m: self.say(f"{name}: {m}"),
                             warn=lambda m: self.warn(f"{name}: {m}"), scale=self.scale,
                             numerics=self.numerics)  # what the key was made with
            value = op.run(ctx, dict(node.params), inputs)
            meta = {"node": name, "op": f"{node.stage}/{node.op}", "material": material.data}
            return self.store.put(material.key, lambda folder: op.save(value, folder), meta)

    def device(self) -> str:
        """The resolved device; torch is imported on the first call only."""
        with self._lock:
            if self._device is None:
                device = resolve_device(self.requested_device)
                kind = device.split(":")[0]
                if kind != self.numerics.device:
                    raise DeviceError(f"--device {self.requested_device} resolved to {kind}, but keys were "
                                      f"made for {self.numerics.device}", code="E201",
                                      help=f"name the device: --device {kind}")
                if kind == "cpu":  # the keyed thread count, whatever the load (gandsl/numerics.py)
                    import torch

                    torch.set_num_threads(self.numerics.threads)
                self._device = device
                self.events.emit("device", device=device, numerics=self.numerics.material())
            return self._device

    # -- inputs and outputs ----------------------------------------------------------------

    def _load_inputs(self, name: str) -> dict[str, Any]:
        return {param: self._value(up) for param, up in self.recipe.nodes[name].inputs.items()}

    def _value(self, name: str) -> Any:
        """An upstream node's loaded value; a broken entry is recomputed first."""
        with self._lock:
            if name in self._values:
                return self._values[name]
        entry = self.entries[name]
        if not self.store.verify(entry):
            entry = self._recompute(name)
        try:
            value = self.keyer.op(name).load(entry.data_dir)
        except Exception as err:  # checksums hold, yet the files do not load: damaged or crafted
            self.warn(f"cache entry {entry.key} ({name}) does not load ({type(err).__name__}: "
                      f"{err}); recomputing")
            self.store.remove(entry.key)
            entry = self._recompute(name)
            value = self.keyer.op(name).load(entry.data_dir)
        with self._lock:
            self._values[name] = value
        return value

    def _recompute(self, name: str) -> Entry:
        inputs = self._load_inputs(name)
        material = self.keyer.material(name, self.digests)
        entry, _ = self._compute_locked(name, material, inputs, forced=False)
        return entry

    def _release_inputs(self, name: str) -> None:
        """Drop loaded values nobody left in the plan needs."""
        with self._lock:
            for up in self.plan.inputs(name):
                if all(u in self.results for u in self.plan.dependents(up)):
                    self._values.pop(up, None)

    def _place(self, name: str, entry: Entry, material: Material) -> Path:
        node = self.recipe.nodes[name]
        try:
            return place_artifact(entry, self.out_dir, name, node.params)
        except BrokenArtifact as err:
            self.warn(f"cache entry {entry.key} ({name}) is broken ({err}); recomputing")
            self.store.remove(entry.key)
            entry, _ = self._compute_locked(name, material, self._load_inputs(name), False)
            return place_artifact(entry, self.out_dir, name, node.params)
