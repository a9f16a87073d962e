"""`gandsl remix SRC NEW`: start a new recipe from a gallery entry, marked as its remix."""
from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from gandsl.errors import RecipeError
from gandsl.gallery.entries import RECIPE_NAME


def source_recipe(src: Path, gallery_dir: Path) -> Path:
    """The recipe a remix starts from: an entry folder, a .gan file, or a slug in the gallery."""
    for candidate in (src / RECIPE_NAME, src, gallery_dir / str(src) / RECIPE_NAME):
        if candidate.is_file() and candidate.suffix == ".gan":
            return candidate
    raise RecipeError(f"nothing to remix at `{src}`", code="E606",
                      help=f"give an entry folder (gallery/<slug>), its {RECIPE_NAME}, or a slug of "
                           f"the gallery in `{gallery_dir}` (another one: --gallery FOLDER)")


def target_recipe(new: Path) -> Path:
    """Where the remix goes: NEW itself if it ends in .gan, else NEW/recipe.gan."""
    target = new if new.suffix == ".gan" else new / RECIPE_NAME
    if target.exists():
        raise RecipeError(f"`{target}` already exists; remix never overwrites", code="E607",
                          help="choose a new name")
    return target


def parent_slug(recipe: Path) -> str:
    """The slug naming the parent: the entry folder's name, or the file's stem."""
    return recipe.parent.name if recipe.name == RECIPE_NAME else recipe.stem


def offset(text: str, line: int, col: int) -> int:
    """The character offset of a 1-based line and column."""
    starts = [0]
    for i, char in enumerate(text):
        if char == "\n":
            starts.append(i + 1)
    return starts[line - 1] + col - 1


def with_forked_from(text: str, file: str, slug: str) -> str:
    """The recipe text with about.forked_from set to `slug` (added, or replaced in place)."""
    return with_about(text, file, "forked_from", slug)


def as_remix(text: str, file: str, slug: str) -> str:
    """forked_from set, the title marked as a remix, the parent's description left as a TODO."""
    from gandsl.lang import ast
    from gandsl.lang.parse import parse

    about = next((s for s in parse(text, file).statements if isinstance(s, ast.About)), None)
    title = next((e.value.value for e in (about.entries if about else ())
                  if e.key.text == "title" and isinstance(e.value, ast.String)), slug)
    text = with_about(text, file, "forked_from", slug)
    text = with_about(text, file, "title", f"{title} (remix)")
    return with_about(text, file, "description", f"TODO: what this remix of {slug} changes")


def with_about(text: str, file: str, key: str, string: str) -> str:
    """The recipe text with about.KEY set to a string (added, or replaced in place)."""
    from gandsl.lang import ast
    from gandsl.lang.parse import parse

    value = json.dumps(string, ensure_ascii=False)
    statements = parse(text, file).statements
    about = next((s for s in statements if isinstance(s, ast.About)), None)
    if about is None:
        version = next((s for s in statements if isinstance(s, ast.Version)), None)
        block = f"about {{\n  {key} = {value}\n}}\n"
        if version is None:
            return block + "\n" + text
        at = offset(text, version.span.end_line + 1, 1) if "\n" in text else len(text)
        return text[:at] + "\n" + block + text[at:]
    entry = next((e for e in about.entries if e.key.text == key), None)
    if entry is not None:
        span = entry.value.span
        start, end = offset(text, span.line, span.col), offset(text, span.end_line, span.end_col)
        return text[:start] + value + text[end:]
    close = offset(text, about.span.end_line, about.span.end_col) - 1
    line_start = text.rfind("\n", 0, close) + 1
    if text[line_start:close].strip():
        return text[:close] + f"{key} = {value} " + text[close:]
    return text[:line_start] + f"  {key} = {value}\n" + text[line_start:]


def copy_imports(sources: dict[str, str], main: str, target: Path) -> list[str]:
    """Copy the files the recipe imports next to the remix; returns the ones left behind."""
    skipped = []
    for rel, text in sources.items():
        path = PurePosixPath(rel)
        if rel == main:
            continue
        if path.is_absolute() or ".." in path.parts:
            skipped.append(rel)
            continue
        dest = target.parent / Path(*path.parts)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if not dest.exists():
            dest.write_text(text, encoding="utf-8")
    return skipped


def remix(src: Path, new: Path, gallery_dir: Path = Path("gallery")) -> tuple[Path, list[str]]:
    """Write the remix; returns its path and any imported files it could not bring along."""
    origin = source_recipe(src, gallery_dir)
    target = target_recipe(new)
    from gandsl.engine.session import load_recipe

    recipe = load_recipe(origin)
    sources = recipe.sources
    text = as_remix(origin.read_text(encoding="utf-8"), str(origin), parent_slug(origin))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    skipped = copy_imports(sources, origin.name, target)
    copy_node_files(recipe, origin.parent, target.parent)
    load_recipe(target)
    return target, skipped


def copy_node_files(recipe: object, origin: Path, target: Path) -> None:
    """Copy the single files nodes read (a sound) from inside the entry's folder next to the remix."""
    import shutil

    from gandsl.ops.registry import get_op

    for node in recipe.nodes.values():  # type: ignore[attr-defined]
        op = get_op(node.stage, node.op)
        for path in (op.files(node.params) if op is not None else []):
            path = Path(path)
            if path.is_file() and path.resolve().is_relative_to(origin.resolve()):
                dest = target / path.resolve().relative_to(origin.resolve())
                dest.parent.mkdir(parents=True, exist_ok=True)
                if not dest.exists():
                    shutil.copyfile(path, dest)
