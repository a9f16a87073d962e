"""CLI command `extract`: the recipe a rendered file carries."""
from __future__ import annotations

import json

import click


@click.command("extract")
@click.argument("output_file", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the whole embedded metadata as JSON.")
@click.option("--to", "folder", type=click.Path(file_okay=False),
              help="Write the recipe and its imports into this folder instead of printing.")
def extract(output_file: str, as_json: bool, folder: str | None) -> None:
    """Print the recipe embedded in a rendered file (PNG, GIF, WebP, MP4)."""
    from gandsl.render.embed import materialize, read_meta

    if folder:
        main = materialize(output_file, folder)
        click.echo(f"wrote {main}")
        return
    meta = read_meta(output_file)
    if as_json:
        click.echo(json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False))
        return
    sources = meta["sources"]
    click.echo(sources[meta["main"]], nl=False)
    for name in sorted(set(sources) - {meta["main"]}):
        click.echo(f"\n# --- {name} ---\n{sources[name]}", nl=False)


COMMANDS: list = [extract]
