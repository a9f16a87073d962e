"""One engine session, shared by `run`, `plan`, `watch` and the tests: open the cache, check a
loaded recipe's plan before anything runs (memory budget, process count), and turn failed nodes
into one error that names their recipe lines. The CLI and the live page differ only in how they
show progress and events."""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, Callable, Sequence

from gandsl.errors import RecipeError


def load_recipe(path: Path | str, sets: Sequence[str] = (), data_root: Path | None = None,
                device: str = "auto") -> Any:
    """A recipe loaded and checked against the built-in ops (`lang.load.load_recipe` with them),
    its unwritten defaults settled for the machine `--device` picks."""
    from gandsl.lang.load import load_recipe as load
    from gandsl.numerics import guess_device_kind
    from gandsl.ops.registry import CATALOG

    return load(path, sets, data_root, ops=CATALOG, machine=guess_device_kind(device))


def analyse(path: Path, sets: Sequence[str] = (), data_root: Path | None = None,
            read: Callable[[Path], str] | None = None) -> Any:
    """`lang.load.analyse` against the built-in ops (an editor's view: errors, not raised)."""
    from gandsl.lang.load import analyse as analysed
    from gandsl.ops.registry import CATALOG

    return analysed(path, sets, data_root, read, ops=CATALOG)


def open_engine(cache_dir: str | None, warn: Callable[[str], None]) -> Any:
    """The Cache (store, file digests, records) of `--cache-dir` or the default folder."""
    from gandsl.engine.cache import Cache

    return Cache.open(cache_dir, warn)


def checked_plan(recipe: Any, only: Sequence[str] = (), force: Sequence[str] = (),
                 max_memory: int | None = None, world: int = 1) -> Any:
    """The plan of a loaded recipe, refused (RecipeError) before any work when a node would pass
    the memory budget (E037) or cannot train over `world` processes (E350)."""
    from gandsl.engine.budget import DEFAULT_BUDGET, check_budget
    from gandsl.engine.dag import build_graph
    from gandsl.engine.plan import make_plan

    plan = make_plan(build_graph(recipe), only, force)
    check_budget(recipe, list(plan.order), DEFAULT_BUDGET if max_memory is None else max_memory)
    check_scale(recipe, list(plan.order), world)
    return plan


def check_scale(recipe: Any, names: list[str], world: int) -> None:
    """Before anything runs: every node that will train with `world` processes can (E350)."""
    from gandsl.errors import Diagnostic, SourceMap
    from gandsl.ops.registry import get_op

    found = []
    for name in names:
        node = recipe.nodes[name]
        hook = getattr(getattr(get_op(node.stage, node.op), "module", None), "check_scale", None)
        problem = hook(node.params, world) if hook else None
        if problem:
            message, label, help = problem
            found.append(Diagnostic("E350", f"`{name}`: {message}", node.spans.get("batch", node.span),
                                    label, help))
    if found:
        texts = {d.span.file: Path(d.span.file).read_text("utf-8") for d in found
                 if d.span is not None and Path(d.span.file).is_file()}
        raise RecipeError(found[0].message, diagnostics=found, sources=SourceMap(texts))


def node_failure(recipe: Any, failed: list) -> Exception:
    """One NodeFailed naming every failed node and its recipe line."""
    from gandsl.errors import Diagnostic, NodeFailed, SourceMap

    texts: dict[str, str] = {}
    diagnostics = []
    for r in failed:
        span = recipe.nodes[r.node].span
        if span is not None and span.file not in texts:
            with contextlib.suppress(OSError):
                texts[span.file] = Path(span.file).read_text("utf-8")
        diagnostics.append(Diagnostic(
            getattr(r, "code", "E300"), f"node `{r.node}` ({r.op}) failed: {r.error}", span, "this node failed",
            "; ".join(x for x in (getattr(r, "help", None),
                      "its dependents were skipped; `--log FILE.jsonl` records the traceback") if x)))
    return NodeFailed(diagnostics[0].message, diagnostics=diagnostics, sources=SourceMap(texts))
