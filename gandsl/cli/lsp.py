"""`gandsl lsp`: the language server for editors (stdio)."""
from __future__ import annotations

import click


@click.command()
@click.option("--stdio", is_flag=True, help="Talk over stdin/stdout (the default and only way).")
def lsp(stdio: bool) -> None:
    """Run the language server for editors: diagnostics, completion, hover, go to definition,
    formatting and symbols for recipe files (see docs/editors.md)."""
    from gandsl.lsp.server import serve

    serve()


COMMANDS: list = [lsp]
