"""Read gallery entries through the language layer: about, declared params, node settings."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.gallery.entries import (RECIPE_NAME, Entry, ParamRow, check_about, entry_folders,
                                   find_preview, format_value, type_name)


def declared_params(source: str, file: str) -> dict[str, tuple[str, str]]:
    """Param name -> (declared type or "", help) from the recipe's `param` declarations."""
    from gandsl.lang import ast
    from gandsl.lang.parse import parse

    return {s.name.text: (s.type.text if s.type else "", s.help.value if s.help else "")
            for s in parse(source, file).statements if isinstance(s, ast.Param)}


def param_rows(recipe: Any, source: str) -> tuple[ParamRow, ...]:
    """The recipe's params: name, type, default (as written back) and help."""
    declared = declared_params(source, str(recipe.path))
    rows = []
    for name, param in recipe.params.items():
        type_, help_ = declared.get(name, ("", ""))
        rows.append(ParamRow(name, type_ or type_name(param.value), format_value(param.value), help_))
    return tuple(rows)


def show_setting(value: Any, folder: Path) -> str:
    """A node setting for display; absolute paths inside the entry are shown relative to it."""
    if isinstance(value, str) and value.startswith("/"):
        try:
            value = str(Path(value).relative_to(folder.resolve()))
        except ValueError:
            pass
    return format_value(value)


def node_settings(recipe: Any, folder: Path) -> dict[str, str]:
    """Every node's op and settings as `node` and `node.key` -> displayed value."""
    settings: dict[str, str] = {}
    for node in recipe.nodes.values():
        settings[node.name] = f"{node.stage} {node.op}"
        for key, value in node.params.items():
            shown = node.inputs[key] if key in node.inputs else show_setting(value, folder)
            settings[f"{node.name}.{key}"] = shown
    return settings


def read_entry(folder: Path) -> Entry:
    """Load and check an entry's recipe and collect what the site shows about it."""
    from gandsl.engine.session import load_recipe

    path = folder / RECIPE_NAME
    recipe = load_recipe(path)
    source = path.read_text(encoding="utf-8")
    preview = find_preview(folder)
    return Entry(slug=folder.name, folder=folder, source=source,
                 about=dict(recipe.about), params=param_rows(recipe, source),
                 settings=node_settings(recipe, folder), preview=preview,
                 sets=preview_sets(preview))


def preview_sets(preview: Path | None) -> tuple[str, ...]:
    """The --set overrides the preview was rendered with (none when it has no readable recipe)."""
    from gandsl.errors import RecipeError
    from gandsl.render.embed import overrides, read_meta

    if preview is None:
        return ()
    try:
        return tuple(overrides(read_meta(preview)))
    except RecipeError:
        return ()


def read_gallery(gallery_dir: Path) -> list[Entry]:
    """Every entry of a gallery folder, checked, by slug."""
    entries = [read_entry(folder) for folder in entry_folders(gallery_dir)]
    for entry in entries:
        check_about(entry.slug, entry.about, entry.folder / RECIPE_NAME)
    return entries
