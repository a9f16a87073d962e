"""Quick fixes: a diagnostic whose hint says `did you mean `X`?` offers to write X in its place."""
from __future__ import annotations

import re
from typing import Any

from lsprotocol import types as lsp

SUGGESTION = re.compile(r"did you mean `([^`]+)`")


def quick_fixes(text_doc: Any, diagnostics: list[lsp.Diagnostic]) -> list[lsp.CodeAction]:
    """One quick fix per diagnostic (of this server) that suggests a replacement word; a quoted
    word stays quoted."""
    actions = []
    for diag in diagnostics:
        word = suggestion(diag)
        if word is None:
            continue
        start = text_doc.offset_at_position(diag.range.start)
        if text_doc.source[start:start + 1] == '"':
            word = f'"{word}"'
        edit = lsp.WorkspaceEdit(changes={text_doc.uri: [lsp.TextEdit(range=diag.range, new_text=word)]})
        actions.append(lsp.CodeAction(title=f"Change to `{word}`", kind=lsp.CodeActionKind.QuickFix,
                                      diagnostics=[diag], edit=edit, is_preferred=True))
    return actions


def suggestion(diag: lsp.Diagnostic) -> str | None:
    """The word a gandsl diagnostic's hint suggests, if it suggests one."""
    if diag.source != "gandsl":
        return None
    data: Any = diag.data if isinstance(diag.data, dict) else {}
    found = SUGGESTION.search(str(data.get("help") or "")) or SUGGESTION.search(diag.message)
    return found.group(1) if found else None
