"""`gandsl sweep --executor ray`: each unit is one Ray task (Ray is an optional extra, imported here
only, lazily).

Ray core as its docs advise: a task takes its input units' task results as arguments, so Ray orders
the work and no task ever waits inside (no `ray.get` in a task); the driver collects finished tasks
with `ray.wait`. Tasks return small dicts (status, key, digest), never arrays: the outputs live in
the cache folder, which every machine must mount at the same path. Each task asks Ray for the CPUs
its thread count keeps busy (Ray exports OMP_NUM_THREADS = num_cpus to the worker; the worker
still sets torch's threads from the key) and, on a cluster with GPUs, for a GPU when it trains.
"""
from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from gandsl.engine.sweep import SweepError, Unit
from gandsl.engine.sweep_run import BAD, SweepRunner
from gandsl.engine.sweep_worker import run_unit

TRAIN_GPU, OTHER_GPU = 1.0, 0.25  # a train node owns a GPU; walks and renders share one
CANCEL_WAIT_S = 10.0


def import_ray() -> Any:
    """The ray module, or E811 saying how to install it."""
    try:
        import ray
    except ImportError:
        raise SweepError("--executor ray needs Ray, which is not installed", code="E811",
                         help='pip install "gandsl[ray]" (or use the default --executor local)') from None
    return ray


_STARTED: list[bool] = []  # a local Ray this process started (and must stop)


def connect(address: str | None) -> None:
    """Join the cluster at `address`, or start a local Ray on this machine's cores."""
    from gandsl.numerics import available_cores

    ray = import_ray()
    if ray.is_initialized():
        return
    before = signal.getsignal(signal.SIGTERM)
    try:
        if address:
            ray.init(address=address, logging_level=logging.WARNING)
        else:
            ray.init(num_cpus=available_cores(), include_dashboard=False,
                     logging_level=logging.WARNING)
    except Exception as err:  # ConnectionError, RuntimeError, ValueError: Ray's own words
        raise SweepError(f"cannot {'join Ray at ' + address if address else 'start a local Ray'}: "
                         f"{err}", code="E812", help="`ray status` checks a cluster") from None
    if threading.current_thread() is threading.main_thread() and before is not None:
        signal.signal(signal.SIGTERM, before)  # ray.init takes SIGTERM; a sweep stops like Ctrl-C
    if not address:
        _STARTED.append(True)


def disconnect() -> None:
    """Stop the local Ray this process started (a cluster keeps running)."""
    if _STARTED:
        import_ray().shutdown()
        _STARTED.clear()


def cluster_device(address: str | None) -> str:
    """cuda when the cluster has GPUs, else cpu (what `--device auto` keys nodes for on Ray)."""
    ray = import_ray()
    connect(address)
    return "cuda" if ray.cluster_resources().get("GPU", 0) > 0 else "cpu"


def ray_task(spec: dict[str, Any], *upstream: dict[str, Any]) -> dict[str, Any]:
    """One unit as a Ray task; its inputs' results arrive resolved as arguments."""
    bad = next((u for u in upstream if u.get("status") in BAD), None)
    if bad is not None:
        return {"node": spec["node"], "status": "skipped", "error": f"input {bad['node']} failed"}
    return run_unit(spec)


def resources(runner: SweepRunner, unit: Unit, largest: int) -> dict[str, float]:
    """num_cpus / num_gpus of a unit's task."""
    gpus = 0.0
    if runner.sweep.numerics.device == "cuda" and unit.stage != "data":
        gpus = TRAIN_GPU if unit.stage == "train" else OTHER_GPU
    return {"num_cpus": runner.cpus(unit, largest), "num_gpus": gpus}


def largest_machine(ray: Any) -> int:
    """CPUs of the biggest live machine of the cluster."""
    return max([int(n["Resources"].get("CPU", 0)) for n in ray.nodes() if n.get("Alive")] + [1])


def run_ray(runner: SweepRunner, address: str | None) -> None:
    """Submit every unit as a task (cached ones are settled by the driver), collect the results."""
    ray = import_ray()
    connect(address)
    try:
        largest = largest_machine(ray)
        threads = runner.sweep.numerics.threads
        torch_on_cpu = runner.sweep.numerics.device == "cpu" and any(
            u.numeric for u in runner.sweep.units.values())
        if torch_on_cpu and threads > largest:
            raise SweepError(f"torch nodes are keyed for {threads} threads, but no machine of the "
                             f"cluster has more than {largest} CPUs", code="E812",
                             help=f"pass --threads {largest} (other keys) or add bigger machines")
        pending = _submit(ray, runner, largest)
        _collect(ray, runner, pending)
    finally:
        disconnect()


def _submit(ray: Any, runner: SweepRunner, largest: int) -> dict[Any, Unit]:
    remote = ray.remote(max_retries=0)(ray_task)
    refs: dict[str, Any] = {}
    pending: dict[Any, Unit] = {}
    for unit in runner.sweep.units.values():  # a runnable order: inputs are submitted first
        if all(k in runner.results for k in unit.inputs.values()):
            hit = runner.cached(unit)
            if hit is not None:
                runner.record(unit, hit)
                continue
        args = [refs[k] if k in refs else runner.results[k] for k in unit.inputs.values()]
        ref = remote.options(name=f"gandsl {unit.node}", **resources(runner, unit, largest)).remote(
            runner.spec(unit), *args)
        refs[unit.key], pending[ref] = ref, unit
    return pending


def _collect(ray: Any, runner: SweepRunner, pending: dict[Any, Unit]) -> None:
    """Record tasks as they finish; on Ctrl-C cancel the rest (each stops like `gandsl run`)."""
    try:
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            for ref in done:
                runner.record(pending.pop(ref), _result(ray, ref))
    except KeyboardInterrupt:
        for ref in pending:
            ray.cancel(ref)  # KeyboardInterrupt inside a running task: it stops at its next step
        done, left = ray.wait(list(pending), num_returns=len(pending), timeout=CANCEL_WAIT_S)
        for ref in left:  # still running: end the worker (finished entries and checkpoints stay)
            ray.cancel(ref, force=True)
        raise


def _result(ray: Any, ref: Any) -> dict[str, Any]:
    try:
        return ray.get(ref)  # done already: this only reads the small result
    except Exception as err:  # the worker died (killed, out of memory): the node failed
        return {"node": "?", "status": "failed", "error": f"Ray task failed: {type(err).__name__}: {err}"}
