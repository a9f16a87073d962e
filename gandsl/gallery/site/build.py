"""Build the static gallery site: an index of cards and one page per entry (Jinja2, escaped)."""
from __future__ import annotations

import shutil
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from gandsl.errors import RecipeError
from gandsl.gallery.entries import RECIPE_NAME, Change, Entry, changes
from gandsl.gallery.highlight import highlight

SITE_DIR = Path(__file__).parent
ASSETS = ("style.css", "site.js")
MARKER = ".gandsl-site"


def environment() -> Environment:
    """The Jinja2 environment over the site templates, with HTML autoescaping on."""
    return Environment(loader=FileSystemLoader(SITE_DIR), undefined=StrictUndefined,
                       autoescape=select_autoescape(["html"]), keep_trailing_newline=True)


def prepare_output(site: Path) -> None:
    """Empty a folder we built before; refuse to overwrite any other non-empty folder."""
    if site.exists() and not site.is_dir():
        raise RecipeError(f"site output `{site}` is a file, not a folder", code="E605")
    if site.is_dir() and any(site.iterdir()):
        if not (site / MARKER).is_file():
            raise RecipeError(f"site output `{site}` is a non-empty folder gandsl did not build",
                              code="E605", help="choose another folder with -o, or empty it")
        shutil.rmtree(site)
    site.mkdir(parents=True, exist_ok=True)
    (site / MARKER).write_text("built by gandsl gallery build\n")


def all_tags(entries: list[Entry]) -> list[tuple[str, int]]:
    """Every tag with the number of entries that carry it, most used first."""
    counts: dict[str, int] = {}
    for entry in entries:
        for tag in entry.tags:
            counts[tag] = counts.get(tag, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def preview_info(entry: Entry) -> dict | None:
    """File name and pixel size of the entry's preview, or None when it has none."""
    if entry.preview is None:
        return None
    from PIL import Image

    with Image.open(entry.preview) as image:
        width, height = image.size
    return {"name": entry.preview.name, "width": width, "height": height}


def entry_context(entry: Entry, by_slug: dict[str, Entry]) -> dict:
    """Everything an entry page or card needs, as template variables."""
    parent = by_slug.get(entry.forked_from or "")
    diff: list[Change] = changes(entry, parent) if parent else []
    return {"entry": entry, "preview": preview_info(entry), "parent": parent, "changes": diff,
            "source_html": highlight(entry.source), "recipe_name": RECIPE_NAME}


def write_entry(site: Path, env: Environment, ctx: dict, tags: list) -> None:
    """Write one entry's folder: page, preview and recipe source."""
    entry: Entry = ctx["entry"]
    folder = site / entry.slug
    folder.mkdir()
    if entry.preview is not None:
        shutil.copyfile(entry.preview, folder / entry.preview.name)
    if entry.video is not None:
        shutil.copyfile(entry.video, folder / entry.video.name)
    (folder / RECIPE_NAME).write_text(entry.source, encoding="utf-8")
    html = env.get_template("entry.html").render(root="../", tags=tags, **ctx)
    (folder / "index.html").write_text(html, encoding="utf-8")


def build_site(entries: list[Entry], site: Path) -> list[Path]:
    """Write the whole site into `site`; returns the pages written."""
    prepare_output(site)
    env = environment()
    by_slug = {e.slug: e for e in entries}
    tags = all_tags(entries)
    cards = [entry_context(e, by_slug) for e in entries]
    for asset in ASSETS:
        shutil.copyfile(SITE_DIR / asset, site / asset)
    for ctx in cards:
        write_entry(site, env, ctx, tags)
    index = env.get_template("index.html").render(root="", cards=cards, tags=tags)
    (site / "index.html").write_text(index, encoding="utf-8")
    return [site / "index.html", *(site / e.slug / "index.html" for e in entries)]
