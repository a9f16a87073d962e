"""CLI commands: run (execute a recipe with caching) and plan (what run would do, and why)."""
from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import click



from gandsl.cli.common import (cache_dir_option, memory_option, recipe_argument, set_option,
                               sigterm_as_interrupt)
from gandsl.errors import GandslError, RecipeError, printable

only_option = click.option("--only", multiple=True, metavar="NODE",
                           help="Run only these nodes (and what they need); repeatable.")
force_option = click.option("--force", multiple=True, metavar="NODE",
                            help="Recompute this node and its dependents; repeatable.")


def _check_device(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from gandsl.engine.device import valid_device

    if not valid_device(value):
        raise click.BadParameter("expected auto, cpu, cuda, cuda:N or mps")
    return value


root_option = click.option(
    "--root", type=click.Path(file_okay=False), default=None,
    help="Replaying a rendered file: the folder its recipe's relative paths resolve against "
         "(default: the current folder).")


@contextlib.contextmanager
def recipe_source(recipe: str, sets: Sequence[str],
                  root: str | None = None) -> Iterator[tuple[Path, list[str], Path | None]]:
    """The .gan to load, the --set list and the data root; a rendered file is materialized first."""
    path = Path(recipe)
    if path.suffix == ".gan":
        yield path, list(sets), Path(root) if root else None
        return
    if not path.exists():
        raise RecipeError(f"cannot read `{recipe}`: no such file", code="E031")
    from gandsl.render.embed import materialize, read_meta, replay_sets

    with tempfile.TemporaryDirectory(prefix="gandsl-") as tmp:
        main = materialize(path, tmp, climb_ok=True)
        try:
            yield main, replay_sets(read_meta(path)) + list(sets), Path(root or ".")
        except GandslError as err:
            raise _replay_error(err, Path(tmp), recipe, root) from None


MISSING_FILE_CODES = ("E031", "E050", "E070", "E303", "E306")


def _replay_error(err: Any, tmp: Path, recipe: str, root: str | None) -> Any:
    """The error of a replay, naming the rendered file (not the private temporary copy of its
    recipe) and, when a file or folder was not found, how to point --root at it."""
    import dataclasses

    from gandsl.errors import SourceMap

    def named(file: str) -> str:
        inside = os.path.relpath(file, tmp) if file.startswith(str(tmp)) else None
        return f"{recipe} (embedded {inside})" if inside and not inside.startswith("..") else file

    hint = (f"`{recipe}` replays its recipe with paths relative to {'--root ' + root if root else 'the current folder'}: "
            "pass --root FOLDER, the folder the recipe was in (where its images are)")
    fixed = []
    for d in err.diagnostics:
        span = dataclasses.replace(d.span, file=named(d.span.file)) if d.span else None
        missing = hint if d.code in MISSING_FILE_CODES else None
        help_ = "; ".join(x for x in (d.help, missing) if x) or None
        fixed.append(dataclasses.replace(d, span=span, help=help_))
    err.diagnostics = fixed
    if err.sources is not None:
        err.sources = SourceMap({named(k): v for k, v in err.sources.texts.items()})
    return err


def default_out(path: Path) -> Path:
    """out/<recipe stem>/, refusing a stem that is not a plain folder name."""
    if path.stem.strip(". ") == "" or any(ord(c) < 32 for c in path.stem):
        raise RecipeError(f"`{path.name}` cannot name an output folder", code="E705",
                          help="rename the recipe or pass --out DIR")
    return Path("out") / path.stem




def _warner(console: Any) -> Callable[[str], None]:
    return lambda m: console.print(f"warning: {printable(m)}", style="yellow", markup=False, highlight=False)


def _sayer(console: Any, quiet: bool) -> Callable[[str], None]:
    if quiet:
        return lambda m: None
    return lambda m: console.print(printable(m), markup=False, highlight=False)


def scale_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--nproc/--nnodes/--rdzv/--max-restarts, passed to the command as one `scale` ScaleOut."""
    f = click.option("--max-restarts", type=click.IntRange(0, 100), default=3, show_default=True,
                     help="Restarts torchrun allows a failed training worker group.")(f)
    f = click.option("--rdzv", metavar="HOST:PORT", default=None,
                     help="Rendezvous address of a multi-machine training group.")(f)
    f = click.option("--nnodes", type=click.IntRange(1, 1024), default=1, show_default=True,
                     help="Machines taking part in training (each runs the same command).")(f)
    f = click.option("--nproc", type=click.IntRange(1, 1024), default=1, show_default=True,
                     help="Processes per machine training each train node (torchrun; one per GPU). "
                          "Part of train keys: N processes give other numbers than one. On a CPU "
                          "it is slower than --nproc 1 unless each process gets several cores.")(f)
    return f


device_option = click.option("--device", default="auto", show_default=True, callback=_check_device,
                             help="auto, cpu, cuda, cuda:N or mps (the kind is part of the keys).")


@click.command("run")
@recipe_argument
@set_option
@only_option
@force_option
@device_option
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Output folder (default: out/<recipe stem>/).")
@root_option
@memory_option
@cache_dir_option
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Independent nodes to run at once.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars and no summary table.")
@click.option("--log", type=click.Path(dir_okay=False), default=None,
              help="Write one JSON event per line to this file.")
@scale_options
def run_command(recipe: str, sets: tuple[str, ...], only: tuple[str, ...],
                force: tuple[str, ...], device: str, out: str | None, root: str | None,
                max_memory: int, cache_dir: str | None, jobs: int, quiet: bool,
                log: str | None, nproc: int, nnodes: int, rdzv: str | None,
                max_restarts: int) -> None:
    """Run a recipe (or re-run a rendered file); cached nodes are not recomputed."""
    from rich.console import Console

    from gandsl.engine.events import EventLog
    from gandsl.engine.session import load_recipe
    from gandsl.engine.scheduler import Scheduler
    from gandsl.engine.session import checked_plan, node_failure, open_engine
    from gandsl.context import ScaleOut

    console = Console(stderr=True)
    warn = _warner(console)
    started = time.perf_counter()
    with sigterm_as_interrupt(), recipe_source(recipe, sets, root) as (path, all_sets, data_root):
        resolved = load_recipe(path, all_sets, data_root, device)
        plan = checked_plan(resolved, only, force, max_memory, nproc * nnodes)
        cache = open_engine(cache_dir, warn)
        out_dir = Path(out) if out else default_out(path)
        with _progress(console, quiet) as progress:
            results = Scheduler(resolved, plan, cache.store, out_dir=out_dir, files=cache.files,
                                records=cache.records, device=device, jobs=jobs, progress=progress,
                                events=EventLog(Path(log) if log else None),
                                say=_sayer(console, quiet),
                                scale=ScaleOut(nproc, nnodes, rdzv, max_restarts),
                                warn=warn).run()
        if not quiet:
            print_results(results, time.perf_counter() - started)
        failed = [r for r in results if r.status == "failed"]
        if failed:
            raise node_failure(resolved, failed)




@contextlib.contextmanager
def _progress(console: Any, quiet: bool) -> Iterator[Any]:
    if quiet:
        yield None
        return
    if not console.is_terminal:  # CI, nohup, a pipe: a plain line every few seconds
        import os
        import sys

        from gandsl.engine.plain_progress import EVERY_S, PlainProgress

        yield PlainProgress(sys.stderr, float(os.environ.get("GANDSL_PROGRESS_EVERY", EVERY_S)))
        return
    from gandsl.engine.progress import RichProgress

    with RichProgress(console) as progress:
        yield progress


def print_results(results: list, seconds: float) -> None:
    """The closing table: node, op, cached/ran, seconds, output."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("node", "op", "status", "seconds", "output"):
        table.add_column(column, justify="right" if column == "seconds" else "left",
                         overflow="fold")
    styles = {"ran": "green", "cached": "dim", "failed": "bold red", "skipped": "yellow"}
    for r in results:
        table.add_row(Text(r.node), Text(r.op), Text(r.status, style=styles[r.status]),
                      f"{r.seconds:.2f}", Text(printable(" ".join(x for x in (r.output, r.note) if x)
                                                         or r.error)))  # user text: never markup
    console = Console(highlight=False)
    console.print(table)
    counts = {s: sum(r.status == s for r in results) for s in styles}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    console.print(f"{len(results)} nodes: {summary} in {seconds:.2f}s", markup=False)




@click.command("plan")
@recipe_argument
@set_option
@only_option
@force_option
@root_option
@memory_option
@cache_dir_option
@device_option
@scale_options
def plan_command(recipe: str, sets: tuple[str, ...], only: tuple[str, ...],
                 force: tuple[str, ...], root: str | None, max_memory: int,
                 cache_dir: str | None, device: str, nproc: int, nnodes: int, rdzv: str | None,
                 max_restarts: int) -> None:
    """Show resolved params and which nodes would run or come from the cache, and why.

    Give the same --device and --nproc as the run: they change the numbers, so the keys."""
    from rich.console import Console

    from gandsl.engine.keys import Keyer
    from gandsl.engine.session import load_recipe
    from gandsl.ops.registry import get_op
    from gandsl.engine.session import checked_plan, open_engine
    from gandsl.engine.status import plan_status
    from gandsl.numerics import Numerics

    numerics = Numerics.detect(device, nproc, nnodes)
    with recipe_source(recipe, sets, root) as (path, all_sets, data_root):
        resolved = load_recipe(path, all_sets, data_root, device)
        plan = checked_plan(resolved, only, force, max_memory, nproc * nnodes)
        cache = open_engine(cache_dir, _warner(Console(stderr=True)))
        statuses = plan_status(resolved, plan, cache.store,
                               Keyer(resolved, get_op, cache.files, numerics), cache.records)
        cache.close()
    print_plan(resolved, statuses)
    click.echo(f"numerics: {numerics.describe()} (keyed for nodes computed with torch)")


def _syntax(value: Any) -> str:
    from gandsl.render.embed import value_syntax
    from gandsl.lang.values import canonical

    if value is None:
        return "-"
    return value_syntax(canonical(value))


def print_plan(recipe: Any, statuses: list) -> None:
    """Params with their sources, then each node's fate with its reason."""
    if recipe.params:
        click.echo("params:")
        width = max(len(n) for n in recipe.params)
        for name, p in recipe.params.items():
            click.echo(f"  {name:<{width}} = {_syntax(p.value)}  ({p.source})")
    click.echo("nodes:")
    width = max([len(s.node) for s in statuses] + [4])
    for s in statuses:
        label = "note" if s.state == "cached" else "reason"
        reason = f"  {label}: {s.reason}" if s.reason else ""
        click.echo(f"  {s.node:<{width}}  {s.op:<22} {s.state}{reason}")
        node = recipe.nodes[s.node]
        shown = [f"{k} = {_syntax(v)}" + (f" ({node.settled[k]})" if k in node.settled else "")
                 for k, v in node.params.items() if k not in node.inputs]
        inputs = [f"{k} = {v}" for k, v in node.inputs.items()]
        click.echo(f"  {'':<{width}}    " + ", ".join(inputs + shown))
    counts = {state: sum(s.state == state for s in statuses)
              for state in ("cached", "will run", "pending upstream")}
    click.echo("summary: " + ", ".join(f"{n} {state}" for state, n in counts.items() if n))


COMMANDS: list = [run_command, plan_command]
