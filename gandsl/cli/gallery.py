"""CLI commands: `gallery build`, `gallery render` and `remix`."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import click

from gandsl.cli.common import set_option
from gandsl.errors import NodeFailed, RecipeError

PREVIEW_LIMIT = 2 * 1024 * 1024


@click.group("gallery")
def gallery() -> None:
    """Build the gallery site, or re-render the gallery's previews."""


@gallery.command("build")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("-o", "--output", "site", default="site", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder to write the site to.")
def build(folder: Path, site: Path) -> None:
    """Write a static site of the entries in FOLDER (default: ./gallery, else the built-in one)."""
    from gandsl.gallery.entries import gallery_folder
    from gandsl.gallery.meta import read_gallery
    from gandsl.gallery.site.build import build_site

    entries = read_gallery(gallery_folder(folder))
    build_site(entries, site)
    missing = [e.slug for e in entries if e.preview is None]
    if missing:
        click.echo(f"warning: no preview yet for {', '.join(missing)} (gandsl gallery render)",
                   err=True)
    noun = "entry" if len(entries) == 1 else "entries"
    click.echo(f"wrote {len(entries)} {noun} to {site / 'index.html'}")


def render_entry(folder: Path, out_root: Path, device: str, sets: tuple[str, ...] = ()) -> Path:
    """Run one entry's recipe through the engine and copy its preview (and video) into the entry."""
    from gandsl.gallery.entries import PREVIEW_NAMES, RECIPE_NAME, VIDEO_NAME

    out_dir = out_root / folder.name
    command = [sys.executable, "-m", "gandsl", "run", str(folder / RECIPE_NAME),
               "--out", str(out_dir), "--device", device]
    command += [arg for value in sets for arg in ("--set", value)]
    if subprocess.run(command).returncode != 0:
        raise NodeFailed(f"rendering gallery entry `{folder.name}` failed", code="E610")
    made = [out_dir / n for n in PREVIEW_NAMES if (out_dir / n).is_file()]
    if not made:
        raise RecipeError(f"gallery entry `{folder.name}` renders no preview", code="E611",
                          help='give one render  out = "preview.gif"  (or preview.webp)')
    for old in PREVIEW_NAMES:
        (folder / old).unlink(missing_ok=True)
    shutil.copyfile(made[0], folder / made[0].name)
    if (out_dir / VIDEO_NAME).is_file():
        shutil.copyfile(out_dir / VIDEO_NAME, folder / VIDEO_NAME)
    return folder / made[0].name


@gallery.command("render")
@click.argument("folder", default="gallery", type=click.Path(file_okay=False, path_type=Path))
@click.option("--only", "only", multiple=True, metavar="SLUG", help="Render only these entries.")
@click.option("--out", "out_root", default=Path("out/gallery"), show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Where the runs write.")
@click.option("--device", default="auto", show_default=True, help="auto, cpu, cuda, cuda:N or mps.")
@set_option
def render(folder: Path, only: tuple[str, ...], out_root: Path, device: str,
           sets: tuple[str, ...]) -> None:
    """Re-render every entry's preview (cached nodes are reused)."""
    from gandsl.gallery.entries import entry_folders

    folders = entry_folders(folder)
    unknown = sorted(set(only) - {f.name for f in folders})
    if unknown:
        raise RecipeError(f"no gallery entry named `{unknown[0]}` in {folder}", code="E608")
    for entry in folders:
        if only and entry.name not in only:
            continue
        click.echo(f"== {entry.name}")
        preview = render_entry(entry, out_root, device, sets)
        size = preview.stat().st_size
        note = " (over 2 MB: make it smaller)" if size > PREVIEW_LIMIT else ""
        click.echo(f"   {preview} {size / 1024:.0f} KiB{note}")


@click.command("remix")
@click.argument("src", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--gallery", "gallery_dir", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="Where slugs are looked up (default: ./gallery, else the built-in gallery).")
def remix(src: Path, new: Path, gallery_dir: Path) -> None:
    """Start a new recipe NEW from the entry SRC (a folder, a .gan file or a slug)."""
    from gandsl.gallery.entries import gallery_folder
    from gandsl.gallery.remix import remix as make_remix

    target, skipped = make_remix(src, new, gallery_folder(gallery_dir))
    for rel in skipped:
        click.echo(f"warning: `{rel}` is imported from outside the entry; fix its path", err=True)
    click.echo(f"wrote {target}; edit its about block, then: gandsl run {target}")


COMMANDS: list = [gallery, remix]
