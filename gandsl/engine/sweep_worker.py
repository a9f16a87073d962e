"""One unit of a sweep, run in a worker process (local pool or Ray): plain data in, plain data out.

The worker loads the variant's recipe as `gandsl run R --set ...` would (same folder, same path
text, so the same keys), plans `--only NODE` (its inputs are cached by then) and runs it with the
numerics the driver keyed it with: the thread count is set from the key, never from the worker's
environment (Ray sets OMP_NUM_THREADS to the task's CPUs; a pool worker inherits the driver's).
"""
from __future__ import annotations

import functools
import os
import signal
import time
from pathlib import Path
from typing import Any


@functools.lru_cache(maxsize=64)
def _recipe(cwd: str, path: str, sets: tuple[str, ...], data_root: str | None, kind: str) -> Any:
    from gandsl.engine.session import load_recipe

    return load_recipe(path, sets, Path(data_root) if data_root else None, kind)


@functools.lru_cache(maxsize=4)
def _cache(cache_dir: str) -> Any:
    from gandsl.engine.cache import Cache

    return Cache.open(cache_dir)


_BUSY: list[bool] = []  # non-empty while this worker runs a unit


def worker_init() -> None:
    """Ctrl-C is the driver's; its SIGTERM stops a busy worker's unit as Ctrl-C stops `gandsl run`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def stop(signum: int, frame: Any) -> None:
        if _BUSY:  # an idle worker stays and leaves by the pool's orderly shutdown
            raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def unit_spec(cwd: str, path: str, sets: tuple[str, ...], data_root: str | None, node: str,
              cache_dir: str, out_dir: str, device: str, numerics: dict[str, Any]) -> dict[str, Any]:
    """What a worker needs to run one node of one variant (picklable, JSON-able)."""
    return {"cwd": cwd, "recipe": path, "sets": list(sets), "data_root": data_root, "node": node,
            "cache_dir": cache_dir, "out_dir": out_dir, "device": device, "numerics": numerics}


def run_unit(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one node (its inputs cached); returns its status, digest, seconds, error and warnings."""
    _BUSY.append(True)
    try:
        return _run(spec)
    finally:
        _BUSY.clear()


def _run(spec: dict[str, Any]) -> dict[str, Any]:
    from gandsl.engine.dag import build_graph
    from gandsl.engine.plan import make_plan
    from gandsl.engine.scheduler import Scheduler
    from gandsl.errors import GandslError
    from gandsl.numerics import Numerics

    started, warnings = time.perf_counter(), []
    node = spec["node"]
    try:
        if Path.cwd() != Path(spec["cwd"]):
            os.chdir(spec["cwd"])  # the recipe's relative paths (and their keys) as the driver has them
        recipe = _recipe(spec["cwd"], spec["recipe"], tuple(spec["sets"]), spec["data_root"],
                         spec["numerics"]["device"])  # defaults settled as the driver's
        cache = _cache(spec["cache_dir"])
        plan = make_plan(build_graph(recipe), [node])
        scheduler = Scheduler(recipe, plan, cache.store, out_dir=Path(spec["out_dir"]),
                              files=cache.files, records=cache.records, device=spec["device"],
                              numerics=Numerics(**spec["numerics"]), warn=warnings.append)
        results = scheduler.run()
    except KeyboardInterrupt:
        return {"node": node, "status": "interrupted", "error": "interrupted", "warnings": warnings}
    except GandslError as err:
        code = err.diagnostics[0].code
        return {"node": node, "status": "interrupted" if code == "E130" else "failed",
                "error": str(err), "warnings": warnings, "code": code,
                "seconds": time.perf_counter() - started}
    except Exception as err:  # an internal error in the worker: report it, keep the sweep going
        return {"node": node, "status": "failed", "error": f"{type(err).__name__}: {err}",
                "warnings": warnings, "seconds": time.perf_counter() - started}
    return _summary(node, results, scheduler.digests.get(node), warnings, started)


def _summary(node: str, results: list, digest: str | None, warnings: list[str],
             started: float) -> dict[str, Any]:
    """The unit's outcome as plain data (a failing input counts as the unit failing)."""
    mine, failed = results[-1], next((r for r in results if r.status == "failed"), None)
    return {"node": node, "status": "failed" if failed else mine.status,
            "error": failed.error if failed else "", "code": failed.code if failed else "",
            "key": mine.key, "digest": digest, "output": mine.output, "note": mine.note,
            "warnings": [w for w in warnings if not w.startswith("node ")],  # failures: in `error`
            "ran": [r.node for r in results if r.status == "ran"],
            "seconds": time.perf_counter() - started, "pid": os.getpid()}
