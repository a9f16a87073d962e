"""One run of the watched recipe: load, plan, schedule, and mirror every step onto the hub."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from gandsl.errors import GandslError, Interrupted
from gandsl.watch.hub import Hub
from gandsl.watch.live import HubEvents, WebProgress
from gandsl.watch.outputs import Digests, describe

DONE = {"node_cached": "cached", "node_ran": "ran", "node_failed": "failed",
        "node_skipped": "skipped"}
LOG_LINES = 40


@dataclass
class WatchConfig:
    """What `gandsl watch` was asked to run."""

    recipe: Path
    sets: tuple[str, ...] = ()
    out_dir: Path | None = None
    cache_dir: str | None = None
    device: str = "auto"

    @property
    def out(self) -> Path:
        return self.out_dir or Path("out") / self.recipe.stem


@dataclass
class TrainedRef:
    """A finished train node the explorer may sample: its cache key and stored value."""

    key: str
    data_dir: Path
    load: Callable[[Path], Any]


@dataclass
class Shared:
    """What outlives one run: the trained nodes, file digests and the resolved device."""

    trained: dict[str, TrainedRef] = field(default_factory=dict)
    digests: Digests = field(default_factory=Digests)
    device: str | None = None
    names: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


def error_state(err: GandslError) -> dict[str, Any]:
    """A recipe error for the page: exactly the CLI's text, plus its codes."""
    return {"text": err.render(), "codes": [d.code for d in err.diagnostics]}


def source_files(recipe: Path, err: GandslError | None, sources: dict[str, str]) -> set[Path]:
    """The recipe and every file it imports (as far as it could be read)."""
    files = {recipe}
    if err is not None and err.sources is not None:
        files |= {Path(name) for name in err.sources.texts if name.endswith(".gan")}
    files |= {recipe.parent / rel for rel in sources}
    return {p.absolute() for p in files}


class Session:
    """Runs the recipe once; `cancel` stops it at the next safe point (a progress step)."""

    def __init__(self, cfg: WatchConfig, hub: Hub, shared: Shared, run_id: int,
                 on_files: Callable[[set[Path]], None] = lambda files: None) -> None:
        self.cfg, self.hub, self.shared, self.run_id = cfg, hub, shared, run_id
        self.on_files = on_files
        self.cancel_event = threading.Event()
        self.files: set[Path] = {cfg.recipe.absolute()}
        self.recipe: Any = None
        self.scheduler: Any = None
        self._last_preview = 0.0
        self._previews: list[dict[str, Any]] | None = None

    def cancel(self) -> None:
        self.cancel_event.set()
        if self.scheduler is not None:
            self.scheduler.cancel.set()

    def _run_state(self, state: str, summary: str = "") -> None:
        self.hub.set(run={"id": self.run_id, "state": state, "summary": summary,
                          "at": time.time()})

    def run(self) -> None:
        """Load and run; every outcome (error, cancel, failure) ends up on the page."""
        from gandsl.engine.session import load_recipe

        started = time.perf_counter()
        self._run_state("loading")
        try:
            self.recipe = load_recipe(self.cfg.recipe, self.cfg.sets, device=self.shared.device or self.cfg.device)
        except GandslError as err:
            self.files = source_files(self.cfg.recipe, err, {})
            self.on_files(self.files)
            return self._show_error(err)
        self.files = source_files(self.cfg.recipe, None, self.recipe.sources)
        self.on_files(self.files)
        with self.shared.lock:
            self.shared.names = set(self.recipe.nodes) | set(self.recipe.params)
        try:
            results = self._schedule()
        except Interrupted:
            self._mark_running("pending")
            self._run_state("cancelled", "stopped for a newer save")
            return None
        except GandslError as err:
            return self._show_error(err)
        self._finish(results, time.perf_counter() - started)
        return None

    def _show_error(self, err: GandslError) -> None:
        self.hub.set(error=error_state(err), progress=[])
        self._run_state("error", err.diagnostics[0].code)

    def _schedule(self) -> list:
        from gandsl.engine.keys import Keyer
        from gandsl.engine.session import checked_plan, open_engine
        from gandsl.engine.scheduler import Scheduler
        from gandsl.engine.status import CACHED, plan_status
        from gandsl.numerics import Numerics
        from gandsl.ops.registry import get_op
        from gandsl.watch.layout import layout

        plan = checked_plan(self.recipe)  # the memory budget holds here too
        device = self.shared.device or self.cfg.device
        numerics = Numerics.detect(device)
        cache = open_engine(self.cfg.cache_dir, self._warn)
        statuses = plan_status(self.recipe, plan, cache.store,
                               Keyer(self.recipe, get_op, cache.files, numerics), cache.records)
        self._keep_trained({s.node: s.key for s in statuses if s.state == CACHED})
        nodes, edges = layout(self.recipe, {s.node: "cached" if s.state == CACHED else "pending"
                                            for s in statuses})
        reasons = {s.node: s.reason for s in statuses}
        for n in nodes:
            n["reason"] = reasons.get(n["name"], "not needed by any render or eval")
        names = set(self.recipe.nodes)
        self.hub.update(lambda s: s.update(
            error=None, nodes=nodes, edges=edges, progress=[],
            outputs=[o for o in s["outputs"] if o["node"] in names],
            previews=[p for p in s["previews"] if p["node"] in names]))
        self.scheduler = Scheduler(
            self.recipe, plan, cache.store, out_dir=self.cfg.out, files=cache.files,
            records=cache.records,
            device=device, numerics=numerics,
            progress=WebProgress(self.hub, self._tick),
            events=HubEvents(self._on_event), say=self._log, warn=self._warn)
        if self.cancel_event.is_set():
            self.scheduler.cancel.set()
        self._run_state("running")
        return self.scheduler.run()

    def _finish(self, results: list, seconds: float) -> None:
        from gandsl.engine.session import node_failure

        failed = [r for r in results if r.status == "failed"]
        counts = {s: sum(r.status == s for r in results)
                  for s in ("ran", "cached", "failed", "skipped")}
        summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        summary = f"{len(results)} nodes: {summary} in {seconds:.1f}s"
        error = error_state(node_failure(self.recipe, failed)) if failed else None
        self._refresh_previews()
        self.hub.set(error=error, progress=[])
        self._run_state("failed" if failed else "done", summary)

    # -- engine callbacks (scheduler threads) ---------------------------------------------

    def _on_event(self, event: str, data: dict[str, Any]) -> None:
        if event == "device":
            self.shared.device = data["device"]
        elif event == "node_start":
            self._set_node(data["node"], status="running")
        elif event in DONE:
            name, status = data["node"], DONE[event]
            self._set_node(name, status=status, seconds=data.get("seconds"),
                           note=data.get("note") or data.get("error") or "")
            if data.get("output"):
                self._set_output(name, Path(data["output"]))
            if status in ("ran", "cached") and self.recipe.nodes[name].stage == "train":
                self._add_trained(name, data.get("key", ""))
            self._refresh_previews()

    def _set_node(self, name: str, **fields: Any) -> None:
        def change(state: dict[str, Any]) -> None:
            for node in state["nodes"]:
                if node["name"] == name:
                    node.update(fields)
        self.hub.update(change)

    def _mark_running(self, status: str) -> None:
        def change(state: dict[str, Any]) -> None:
            for node in state["nodes"]:
                if node["status"] == "running":
                    node["status"] = status
        self.hub.update(change)

    def _set_output(self, name: str, path: Path) -> None:
        with self.shared.lock:
            item = describe(self.cfg.out, name, path, self.shared.digests)
        if item is None:
            return

        def change(state: dict[str, Any]) -> None:
            kept = [o for o in state["outputs"] if o["node"] != name]
            order = list(self.recipe.nodes)
            state["outputs"] = sorted(kept + [item], key=lambda o: order.index(o["node"]))
        self.hub.update(change)

    def _add_trained(self, name: str, key: str) -> None:
        entry = self.scheduler.entries.get(name)
        if entry is None:
            return
        ref = TrainedRef(key, entry.data_dir, self.scheduler.keyer.op(name).load)
        with self.shared.lock:
            self.shared.trained[name] = ref
        self._publish_trained()

    def _keep_trained(self, cached_keys: dict[str, str | None]) -> None:
        """Drop explorable nodes whose cached value no longer matches the recipe."""
        with self.shared.lock:
            kept = {n: r for n, r in self.shared.trained.items() if cached_keys.get(n) == r.key}
            self.shared.trained = kept
        self._publish_trained()

    def _publish_trained(self) -> None:
        with self.shared.lock:
            items = [{"name": n, "key": r.key[:16]} for n, r in self.shared.trained.items()]
        order = list(self.recipe.nodes)
        self.hub.set(trained=sorted(items, key=lambda t: order.index(t["name"])))

    def _tick(self) -> None:
        if time.monotonic() - self._last_preview >= 0.5:
            self._refresh_previews()

    def _refresh_previews(self) -> None:
        """Training previews (NODE_preview.png) that exist now, cache-busted by digest."""
        self._last_preview = time.monotonic()
        if self.recipe is None:
            return
        found = []
        for name, node in self.recipe.nodes.items():
            path = self.cfg.out / f"{name}_preview.png"
            if node.stage == "train" and path.is_file():
                with self.shared.lock:
                    item = describe(self.cfg.out, name, path, self.shared.digests)
                if item is not None:
                    found.append(item)
        if found != self._previews:
            self._previews = found
            self.hub.set(previews=found)

    def _log(self, message: str) -> None:
        self._append_log("info", message)

    def _warn(self, message: str) -> None:
        self._append_log("warning", message)

    def _append_log(self, level: str, message: str) -> None:
        def change(state: dict[str, Any]) -> None:
            state["log"] = (state["log"] + [{"level": level, "text": message}])[-LOG_LINES:]
        self.hub.update(change)
