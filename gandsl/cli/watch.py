"""CLI command: watch (rerun a recipe on every save; a live page on 127.0.0.1)."""
from __future__ import annotations

from pathlib import Path

import click

from gandsl.cli.common import cache_dir_option, recipe_argument, set_option
from gandsl.cli.run import _check_device, default_out


@click.command("watch")
@recipe_argument
@set_option
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--open", "open_page", is_flag=True, help="Open the page in the web browser.")
@click.option("--device", default="auto", show_default=True, callback=_check_device,
              help="auto, cpu, cuda, cuda:N or mps.")
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Output folder (default: out/<recipe stem>/).")
@cache_dir_option
def watch_command(recipe: str, sets: tuple[str, ...], port: int, open_page: bool, device: str,
                  out: str | None, cache_dir: str | None) -> None:
    """Run a recipe, rerun it on every save, and show it live on a local page."""
    from gandsl.watch.app import serve
    from gandsl.watch.session import WatchConfig

    out_dir = Path(out) if out else default_out(Path(recipe))
    cfg = WatchConfig(Path(recipe), tuple(sets), out_dir, cache_dir, device)
    serve(cfg, port, open_page, lambda m: click.echo(m, err=True))


COMMANDS: list = [watch_command]
