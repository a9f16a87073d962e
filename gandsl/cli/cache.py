"""CLI commands: cache info | ls | gc --max-size SIZE | clear."""
from __future__ import annotations

import time
import click

from gandsl.cli.common import cache_dir_option


def _cache(cache_dir: str | None):  # -> Cache
    from gandsl.engine.cache import Cache

    return Cache.open(cache_dir, warn=lambda m: click.echo(f"warning: {m}", err=True))


@click.group("cache")
def cache_group() -> None:
    """Inspect and trim the shared cache of node outputs."""


@cache_group.command("info")
@cache_dir_option
def info_command(cache_dir: str | None) -> None:
    """Where the cache is and how big it is."""
    from gandsl.engine.store_admin import format_size

    cache = _cache(cache_dir)
    items = cache.admin.entries()
    entries = [i for i in items if i.kind != "work"]
    work = [i for i in items if i.kind == "work"]
    click.echo(f"cache:   {cache.root}")
    click.echo(f"entries: {len(entries)} ({format_size(sum(i.size for i in entries))})")
    click.echo(f"work:    {len(work)} folders ({format_size(sum(i.size for i in work))})")
    click.echo(f"total:   {format_size(sum(i.size for i in items))}")


@cache_group.command("ls")
@cache_dir_option
def ls_command(cache_dir: str | None) -> None:
    """Every entry, least recently used first: key, kind, node, op, size, last used."""
    from gandsl.engine.store_admin import format_size

    for item in _cache(cache_dir).admin.entries():
        used = time.strftime("%Y-%m-%d %H:%M", time.localtime(item.accessed)) \
            if item.accessed else "-"
        click.echo(f"{item.key[:12]}  {item.kind:<6} {item.node or '-':<12} {item.op or '-':<20}"
                   f" {format_size(item.size):>9}  {used}")


def _parse_size(ctx: click.Context, param: click.Parameter, value: str) -> int:
    from gandsl.engine.store_admin import parse_size

    try:
        return parse_size(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


@cache_group.command("gc")
@cache_dir_option
@click.option("--max-size", default="2GB", show_default=True, callback=_parse_size,
              help="Evict least recently used entries until the cache fits this size.")
def gc_command(cache_dir: str | None, max_size: int) -> None:
    """Evict least recently used entries (and stale temporary folders)."""
    from gandsl.engine.store_admin import format_size

    evicted = _cache(cache_dir).admin.gc(max_size)
    freed = sum(i.size for i in evicted)
    click.echo(f"evicted {len(evicted)} item(s), freed {format_size(freed)}")


@cache_group.command("clear")
@cache_dir_option
def clear_command(cache_dir: str | None) -> None:
    """Delete every cached entry and work folder."""
    cache = _cache(cache_dir)
    cache.admin.clear()
    click.echo(f"cleared {cache.root}")


COMMANDS: list = [cache_group]
