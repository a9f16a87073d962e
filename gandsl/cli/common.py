"""Shared CLI pieces: option decorators and the group that turns errors into exit codes."""
from __future__ import annotations

import contextlib
from typing import Any, Iterator

import click

from gandsl.errors import GandslError

set_option = click.option(
    "--set", "sets", multiple=True, metavar="NAME=VALUE",
    help="Override a declared param (recipe value syntax); repeatable.")
recipe_argument = click.argument("recipe", type=click.Path())


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM (a `kill`, a job scheduler) stops a run the way Ctrl-C does: child processes are
    stopped, finished nodes stay cached; without it Python dies at once and orphans torchrun."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class GuardedGroup(click.Group):
    """A group whose commands' gandsl errors become messages and exit codes, never tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GandslError as err:
            if _debug_flag(ctx):
                raise
            click.echo(err.render(), err=True)
            ctx.exit(err.exit_code)
        except BrokenPipeError:  # `gandsl ops | head -1`: the reader left; stop quietly
            _silence_stdout()
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as err:  # an internal bug: say so plainly, traceback only with --debug
            if _debug_flag(ctx):
                raise
            click.echo(f"internal error: {type(err).__name__}: {err}\n"
                       "(a bug in gandsl; rerun with --debug for the traceback)", err=True)
            ctx.exit(3)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    import os
    import sys

    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (tests)
        pass


def _debug_flag(ctx: click.Context) -> bool:
    return bool(ctx.find_root().params.get("debug"))


cache_dir_option = click.option(
    "--cache-dir", type=click.Path(file_okay=False), default=None,
    help="Cache folder (default: $GANDSL_CACHE_DIR, else the user cache directory).")


def _parse_memory(ctx: click.Context, param: click.Parameter, value: str) -> int:
    from gandsl.engine.store_admin import parse_size

    try:
        return parse_size(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


memory_option = click.option(
    "--max-memory", default="4GiB", show_default=True, callback=_parse_memory, metavar="SIZE",
    help="Refuse, before anything runs, a node whose output would need more memory than this.")
