"""Document formatting: the edits that turn the text into exactly `gandsl fmt`'s output."""
from __future__ import annotations

import difflib
import re

from lsprotocol import types as lsp

from gandsl.errors import RecipeError
from gandsl.lang import ast
from gandsl.lang.fmt import format_recipe, format_text


def format_edits(text: str, end: lsp.Position,
                 parsed: ast.Recipe | None = None) -> list[lsp.TextEdit] | None:
    """Line edits from `text` (which ends at `end`, in client units) to its canonical layout;
    None when it does not parse. `parsed`: the text already parsed (saves parsing it again)."""
    try:
        new = format_recipe(parsed) if parsed is not None else format_text(text)
    except (RecipeError, RecursionError):
        return None
    if new == text:
        return []
    return line_edits(text, new, end)


def line_edits(old: str, new: str, end: lsp.Position) -> list[lsp.TextEdit]:
    """Whole-line edits turning `old` into `new` (positions count lines, so units do not matter)."""
    a, b = _split(old), _split(new)
    if a and not a[-1].endswith("\n"):      # a last line without newline: replace everything
        return [lsp.TextEdit(range=lsp.Range(start=lsp.Position(line=0, character=0), end=end),
                             new_text=new)]
    edits = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            edits.append(lsp.TextEdit(range=_lines(i1, i2), new_text="".join(b[j1:j2])))
    return edits


def _split(text: str) -> list[str]:
    """Lines with their `\n` kept (LSP's lines; str.splitlines also splits at form feeds)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def _lines(start: int, end: int) -> lsp.Range:
    return lsp.Range(start=lsp.Position(line=start, character=0),
                     end=lsp.Position(line=end, character=0))
