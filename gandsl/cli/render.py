"""CLI command `extract`: the recipe a rendered file carries."""
from __future__ import annotations

import json
import shlex

import click

from gandsl.errors import printable


@click.command("extract")
@click.argument("output_file", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the whole embedded metadata as JSON.")
@click.option("--to", "folder", type=click.Path(file_okay=False),
              help="Write the recipe and its imports into this folder instead of printing.")
def extract(output_file: str, as_json: bool, folder: str | None) -> None:
    """Print the recipe embedded in a rendered file (PNG, GIF, WebP, MP4)."""
    from gandsl.render.embed import materialize, overrides, read_meta

    if folder:
        written: list = []
        try:
            materialize(output_file, folder, written=written)
        finally:  # every file written, even when a later one was refused
            for path in written:
                click.echo(f"wrote {printable(str(path))}")
        return
    meta = read_meta(output_file)
    if as_json:
        click.echo(printable(json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False)))
        return
    sources = meta["sources"]
    click.echo(printable(header(overrides(meta), output_file)), nl=False)
    click.echo(printable(sources[meta["main"]]), nl=False)
    for name in sorted(set(sources) - {meta["main"]}):
        click.echo(printable(f"\n# --- {name} ---\n{sources[name]}"), nl=False)


def header(sets: list[str], file: str) -> str:
    """Comment lines naming the overrides the file was rendered with ("" when none)."""
    if not sets:
        return ""
    lines = ["# rendered with overrides; the values below are the recipe's defaults:"]
    lines += [f"#   --set {s}" for s in sets]
    lines.append(f"# `gandsl run {file}` applies them; so does:")
    lines.append("#   gandsl run RECIPE.gan " + " ".join(f"--set {shlex.quote(s)}" for s in sets))
    return "\n".join(lines) + "\n"


COMMANDS: list = [extract]
