"""The `gandsl` command: one click group; its commands live in the cli/ modules by area."""
from __future__ import annotations

import click

from gandsl import __version__
from gandsl.cli.common import GuardedGroup


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gandsl")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
def group(debug: bool) -> None:
    """gandsl: GAN art from a text file.

    A recipe declares data, a model, training, a latent walk and a render; gandsl runs them as a
    cached DAG on the best device present.
    """


def _register() -> None:
    from gandsl.cli import cache as cli_cache
    from gandsl.cli import gallery as cli_gallery
    from gandsl.cli import lang as cli_lang
    from gandsl.cli import lsp as cli_lsp
    from gandsl.cli import render as cli_render
    from gandsl.cli import run as cli_run
    from gandsl.cli import sweep as cli_sweep
    from gandsl.cli import watch as cli_watch

    for module in (cli_lang, cli_run, cli_cache, cli_render, cli_gallery, cli_lsp, cli_watch,
                   cli_sweep):
        for command in module.COMMANDS:
            group.add_command(command)


_register()


def main() -> None:
    """Console entry point."""
    group(prog_name="gandsl")
