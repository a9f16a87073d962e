"""CLI commands of the recipe language: check, fmt, graph, ops, explain (none imports torch)."""
from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

import click

from gandsl.lang.param_text import default_text, limits_text, type_text

from gandsl.cli.common import memory_option, recipe_argument, set_option
from gandsl.errors import RecipeError


@click.command()
@recipe_argument
@set_option
@click.option("--json", "as_json", is_flag=True, help="Print diagnostics as JSON.")
@memory_option
def check(recipe: str, sets: tuple[str, ...], as_json: bool, max_memory: int) -> None:
    """Check a recipe and report every problem at once."""
    from gandsl.engine.budget import check_budget
    from gandsl.engine.session import load_recipe

    try:
        resolved = load_recipe(recipe, sets)
        check_budget(resolved, list(resolved.nodes), max_memory)
    except RecipeError as err:
        if not as_json:
            raise
        click.echo(json.dumps({"ok": False, "diagnostics": [d.to_json() for d in err.diagnostics]},
                              indent=2))
        raise SystemExit(1) from None
    if as_json:
        click.echo(json.dumps({"ok": True, "diagnostics": []}, indent=2))
    else:
        click.echo(f"ok: {recipe}: {len(resolved.nodes)} nodes, {len(resolved.params)} params")


@click.command()
@click.argument("recipes", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--check", "check_only", is_flag=True, help="Change nothing; exit 1 if a file would change.")
@click.option("--diff", is_flag=True, help="Show what would change as a unified diff; change nothing.")
def fmt(recipes: tuple[str, ...], check_only: bool, diff: bool) -> None:
    """Rewrite recipes in the one canonical layout (comments kept)."""
    from gandsl.lang.fmt import format_text
    from gandsl.engine.session import load_recipe

    changed = []
    for name in recipes:
        load_recipe(name)
        text = Path(name).read_text("utf-8")
        new = format_text(text, name)
        if new == text:
            continue
        changed.append(name)
        if diff:
            click.echo("".join(difflib.unified_diff(
                text.splitlines(True), new.splitlines(True), f"{name} (original)", f"{name} (formatted)")),
                nl=False)
        elif check_only:
            click.echo(f"would reformat {name}")
        else:
            Path(name).write_text(new, "utf-8")
            click.echo(f"formatted {name}")
    if check_only and changed:
        raise SystemExit(1)


@click.command()
@recipe_argument
@set_option
@click.option("--format", "form", type=click.Choice(["text", "mermaid", "dot"]), default="text",
              show_default=True, help="Output format.")
def graph(recipe: str, sets: tuple[str, ...], form: str) -> None:
    """Print the recipe's DAG."""
    from gandsl.engine import dag
    from gandsl.engine.session import load_recipe

    g = dag.build_graph(load_recipe(recipe, sets))
    click.echo({"text": dag.to_text, "mermaid": dag.to_mermaid, "dot": dag.to_dot}[form](g))


@click.command()
@click.argument("name", required=False)
def ops(name: str | None) -> None:
    """List ops by stage, or show one op's parameters."""
    from gandsl.spec import STAGES
    from gandsl.ops.registry import ops_of_stage

    if name is None:
        for stage in STAGES:
            click.echo(f"{stage}:")
            for op in ops_of_stage(stage):
                click.echo(f"  {op.spec.name:<14} {op.spec.help}")
        return
    click.echo(describe_op(find_op(name)))


def find_op(name: str) -> Any:
    """The op called NAME or STAGE.NAME; an unknown name is a RecipeError with a hint."""
    from gandsl.lang.check import did_you_mean
    from gandsl.ops.registry import registry

    every = registry()
    found = [op for (stage, op_name), op in every.items()
             if name in (op_name, f"{stage}.{op_name}")]
    if found:
        return found[0]
    hint = did_you_mean(name, sorted({n for _, n in every}))
    raise RecipeError(f"unknown op `{name}`", code="E011",
                      help=hint or "`gandsl ops` lists every op")


def describe_op(op: Any) -> str:
    """An op's stage, help and parameter table (plus the module's describe(), if any)."""
    spec = op.spec
    lines = [f"{spec.stage} op `{spec.name}` (version {spec.version}): {spec.help}", ""]
    rows = [(p.name, type_text(p), default_text(p), limits_text(p), p.help) for p in spec.params]
    widths = [max(len(r[i]) for r in rows + [("param", "type", "default", "allowed", "")])
              for i in range(4)]
    header = ("param", "type", "default", "allowed", "help")
    for row in [header] + rows:
        lines.append("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths)) + "  " + row[4])
    extra = getattr(op.module, "describe", None)
    if callable(extra):
        lines += ["", str(extra())]
    return "\n".join(line.rstrip() for line in lines)


@click.command()
@click.argument("code")
def explain(code: str) -> None:
    """Explain an error code (E012) or a stability setting of `train gan` (clip_grad), at length."""
    from gandsl.codes import CODES, explain as long_text
    from gandsl.tricks import TRICKS, explain_trick, names

    text = long_text(code) or explain_trick(code)
    if text is None:
        settings = sorted({n for s, _, _ in TRICKS for n in names(s)})
        raise click.BadParameter(f"no error code or stability setting `{code}`; codes: "
                                 f"{', '.join(CODES)}; settings: {', '.join(settings)}",
                                 param_hint="CODE")
    click.echo(text)


COMMANDS: list = [check, fmt, graph, ops, explain]
