"""Go to definition: a reference to its declaration (through imports), a `use` path to its file,
an op to the module that implements it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gandsl.errors import Span
from gandsl.lang import ast
from gandsl.lang.load import Analysis
from gandsl.lsp import find
from gandsl.ops.registry import get_op


@dataclass(frozen=True)
class Place:
    """A file and, where known, the span to show in it (None: the file's start)."""

    path: Path
    span: Span | None = None


def definition(analysis: Analysis, pos: find.Pos) -> Place | None:
    """Where the thing under `pos` is declared, or None."""
    main = analysis.main
    hit = find.at(main.recipe, pos) if main.recipe is not None else None
    if hit is None:
        return None
    if hit.kind == "use":
        path = (main.folder / hit.stmt.path.value).resolve()
        return Place(path) if path.is_file() else None
    if hit.kind == "op":
        op = get_op(hit.stmt.stage.text, hit.stmt.op.text)
        return Place(Path(op.module.__file__)) if op and op.module.__file__ else None
    if hit.kind != "ref":
        return None
    found = find.target(main, hit.ref.parts[:hit.index + 1])
    if found is None:
        return None
    return Place(Path(found.module.recipe.file), _span(found))


def _span(found: find.Target) -> Span:
    """The declared name, or the entry that sets a node's key (its node's name if unset)."""
    decl = found.decl
    if isinstance(decl, ast.Use):
        return decl.alias.span
    if found.key is not None:
        entry = find.entry_of(decl, found.key.text)
        if entry is not None:
            return entry.key.span
    return decl.name.span
