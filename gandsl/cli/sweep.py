"""CLI command: sweep (every combination of `--vary` values, as `run --set` each, sharing work)."""
from __future__ import annotations

import shlex
import time
from pathlib import Path
from typing import Any, Sequence

import click

from gandsl.cli.common import (cache_dir_option, memory_option, recipe_argument, set_option,
                               sigterm_as_interrupt)
from gandsl.cli.run import (_sayer, _warner, default_out, device_option, only_option,
                            recipe_source, root_option)


@click.command("sweep")
@recipe_argument
@click.option("--vary", "varies", multiple=True, required=True, metavar="NAME=VALUES",
              help="A declared param and its values: a list `a,b,c` or a range `1..8`; repeatable "
                   "(the sweep runs every combination).")
@set_option
@only_option
@device_option
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None,
              help="Worker processes (default: the machine's cores).")
@click.option("--threads", type=click.IntRange(1, 1024), default=None,
              help="CPU threads per torch node (default: a plain run's, so keys and bytes match "
                   "`gandsl run`; another count gives other keys, like GANDSL_THREADS).")
@click.option("--executor", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Where nodes run: local processes, or Ray tasks (pip install \"gandsl[ray]\").")
@click.option("--address", metavar="HOST:PORT", default=None,
              help="Ray cluster to join (default: start a local Ray).")
@click.option("--plan", "plan_only", is_flag=True,
              help="Only say how many nodes would run, how many are shared, what is cached.")
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Sweep folder (default: out/<recipe stem>/sweep/).")
@root_option
@memory_option
@cache_dir_option
@click.option("--quiet", "-q", is_flag=True, help="No progress lines and no summary table.")
def sweep_command(recipe: str, varies: tuple[str, ...], sets: tuple[str, ...],
                  only: tuple[str, ...], device: str, jobs: int | None, threads: int | None,
                  executor: str, address: str | None, plan_only: bool, out: str | None,
                  root: str | None, max_memory: int, cache_dir: str | None, quiet: bool) -> None:
    """Run every combination of --vary values; a node shared by variants runs once."""
    from rich.console import Console

    from gandsl.engine.session import open_engine
    from gandsl.engine.sweep import build_sweep, make_variants, parse_vary

    console = Console(stderr=True)
    started = time.perf_counter()
    vary = parse_vary(varies, sets)
    make_variants(sets, vary)  # refuses a sweep too large before anything is read
    with sigterm_as_interrupt(), recipe_source(recipe, sets, root) as (path, all_sets, data_root):
        variants = make_variants(all_sets, vary)  # a replayed file's own sets come first
        numerics = _numerics(device, threads)  # before Ray is imported: it may set OMP_NUM_THREADS
        kind = _device_kind(executor, address, device)
        if kind != numerics.device:
            numerics = _numerics(kind, threads)
        cache = open_engine(cache_dir, _warner(console))
        sweep = build_sweep(path, variants, numerics, cache.files, only, data_root, max_memory)
        if plan_only:
            from gandsl.engine.sweep import cached_digests

            print_sweep_plan(sweep, cached_digests(sweep, cache.store, cache.files))
            cache.close()
            _disconnect(executor)
            return
        out_root = Path(out) if out else default_out(path) / "sweep"
        results, computed = _run(sweep, cache, out_root, kind if device == "auto" else device,
                                 data_root, executor, address, jobs, _sayer(console, quiet))
        rows = _rows(sweep, results, out_root, recipe, sets, device, threads)
    if not quiet:
        print_sweep(sweep, rows, computed, time.perf_counter() - started)
    _raise_failed(sweep, rows)


def _device_kind(executor: str, address: str | None, device: str) -> str:
    """The device kind nodes are keyed for; with Ray and `auto`: cuda when the cluster has GPUs."""
    from gandsl.numerics import guess_device_kind

    if executor == "ray" and device == "auto":
        from gandsl.engine.sweep_ray import cluster_device

        return cluster_device(address)
    return guess_device_kind(device)


def _disconnect(executor: str) -> None:
    if executor == "ray":
        from gandsl.engine.sweep_ray import disconnect

        disconnect()


def _numerics(device: str, threads: int | None) -> Any:
    """A plain run's numerics for `device` (a kind or `auto`), with `--threads` if given."""
    import dataclasses

    from gandsl.numerics import Numerics

    numerics = Numerics.detect(device)
    kind = numerics.device
    return dataclasses.replace(numerics, threads=threads) if threads and kind == "cpu" else numerics


def _run(sweep: Any, cache: Any, out_root: Path, device: str, data_root: Path | None,
         executor: str, address: str | None, jobs: int | None, say: Any) -> tuple[list, int]:
    """Run every unit (locally or on Ray); on Ctrl-C the finished variants are still placed."""
    from gandsl.engine.sweep_run import SweepRunner, run_local
    from gandsl.errors import Interrupted
    from gandsl.numerics import available_cores

    runner = SweepRunner(sweep, cache, out_root, device, data_root, say)
    out_root.mkdir(parents=True, exist_ok=True)
    try:
        if executor == "ray":
            from gandsl.engine.sweep_ray import run_ray

            run_ray(runner, address)
        else:
            run_local(runner, jobs or available_cores(), available_cores())
    except KeyboardInterrupt:
        runner.finish()
        cache.close()
        raise Interrupted("sweep interrupted; finished nodes are cached and finished variants "
                          f"placed in {out_root}", code="E130") from None
    results = runner.finish()
    cache.close()
    return results, runner.computed()


def reproduce(recipe: str, sets: Sequence[str], variant: Any, device: str, threads: int | None) -> str:
    """The `gandsl run` command that gives a variant's bytes (its keys) on its own."""
    from gandsl.numerics import cpu_threads

    words = ["gandsl", "run", recipe] + [w for s in list(sets) + [f"{k}={v}" for k, v in variant.varied]
                                          for w in ("--set", s)]
    if device != "auto":
        words += ["--device", device]
    env = f"GANDSL_THREADS={threads} " if threads and threads != cpu_threads(1) else ""
    return env + shlex.join(words)


def _rows(sweep: Any, results: list, out_root: Path, recipe: str, sets: Sequence[str], device: str,
          threads: int | None) -> list[dict[str, Any]]:
    """One row per variant for the sheet, the page and the summary; writes contact.png + index.html."""
    from gandsl.engine.sweep_sheet import eval_values, first_image, write_contact, write_index

    rows = []
    for v, result in zip(sweep.variants, results):
        evals = eval_values(result.outputs)
        status = "ok" if result.status == "ok" else f"{result.status}: {result.node}"
        labels = [f"{k}={val}" for k, val in v.varied] + [f"{n} {x:.4g}" for n, x in evals.items()]
        rows.append({"name": v.name, "image": first_image(result.outputs), "evals": evals,
                     "status": status, "error": result.error,
                     "labels": labels + ([status] if status != "ok" else []),
                     "command": reproduce(recipe, sets, v, device, threads), "variant": v})
    evals = list(dict.fromkeys(n for r in rows for n in r["evals"]))
    for r in rows:
        r["values"] = [val for _, val in r["variant"].varied] + [
            f"{r['evals'][n]:.6g}" if n in r["evals"] else "" for n in evals] + [r["status"]]
    root = out_root.resolve()
    for r in rows:  # an output placed outside the sweep folder (an absolute `out`) is not shown
        image = Path(r["image"]).resolve() if r["image"] is not None else None
        r["image"] = image if image is not None and image.is_relative_to(root) else None
    columns = [k for k, _ in sweep.variants[0].varied] + evals + ["status"]
    write_contact(out_root, rows)
    write_index(root, f"sweep of {Path(recipe).name}", rows, columns)
    return rows


def print_sweep_plan(sweep: Any, digests: dict[str, str | None]) -> None:
    """How many nodes the variants hold, how many run once, how many are shared, what is cached."""
    shared = sweep.shared()
    cached = sum(d is not None for d in digests.values())
    click.echo(f"variants: {len(sweep.variants)} ({', '.join(v.name for v in sweep.variants[:4])}"
               f"{', ...' if len(sweep.variants) > 4 else ''})")
    click.echo(f"nodes: {sweep.instances()} in all variants, {len(sweep.units)} distinct "
               f"({len(shared)} shared by several variants), {cached} cached, "
               f"{len(sweep.units) - cached} to run")
    click.echo(f"numerics: {sweep.numerics.describe()} (keyed for nodes computed with torch)")
    by_node: dict[str, list] = {}
    for unit in sweep.units.values():
        by_node.setdefault(unit.node, []).append(unit)
    width = max(len(n) for n in by_node)
    for node, units in by_node.items():
        users = sorted(len({v for v, _ in u.users}) for u in units)
        each = str(users[0]) if users[0] == users[-1] else f"{users[0]}-{users[-1]}"
        done = sum(digests[u.key] is not None for u in units)
        click.echo(f"  {node:<{width}}  {units[0].op:<18} {len(units):>3} distinct, each in {each} "
                   f"variant{'s' * (users[-1] != 1)}, {done} cached")


def print_sweep(sweep: Any, rows: list[dict[str, Any]], computed: int, seconds: float) -> None:
    """The closing table (variant, evals, status, first picture) and the totals."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from gandsl.errors import printable

    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("variant", "status", "evals", "picture"):
        table.add_column(column, overflow="fold")
    for r in rows:
        evals = ", ".join(f"{n} {x:.4g}" for n, x in r["evals"].items())
        style = "green" if r["status"] == "ok" else "bold red"
        table.add_row(Text(printable(r["name"])), Text(r["status"], style=style), Text(evals),
                      Text(printable(str(r["image"] or r["error"] or "-"))))
    console = Console(highlight=False)
    console.print(table)
    ok = sum(r["status"] == "ok" for r in rows)
    console.print(f"{len(rows)} variants ({ok} ok, {len(rows) - ok} failed); {sweep.instances()} "
                  f"nodes in all, {len(sweep.units)} distinct, {computed} computed, in {seconds:.2f}s",
                  markup=False)


def _raise_failed(sweep: Any, rows: list[dict[str, Any]]) -> None:
    """Exit 3 naming every failed variant (the others finished and are placed)."""
    from gandsl.errors import NodeFailed

    bad = [r for r in rows if r["status"] != "ok"]
    if bad:
        names = "; ".join(f"{r['name']} ({r['status']}: {r['error']})" for r in bad[:5])
        raise NodeFailed(f"{len(bad)} of {len(rows)} variants failed: {names}", code="E810",
                         help="the other variants finished; rerun the command to retry the failed "
                              "ones (finished nodes come from the cache)")


COMMANDS: list = [sweep_command]
