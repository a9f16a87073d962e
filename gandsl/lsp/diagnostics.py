"""Diagnostics: exactly the checker's errors, with code, range, message and hint; an error inside
an imported file is shown on the `use` that imports it."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from lsprotocol import types as lsp

from gandsl.errors import Diagnostic, Span
from gandsl.lang import ast
from gandsl.lang.load import Analysis
from gandsl.lang.resolve import Module

ToRange = Callable[[Span], lsp.Range]
SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning}


def diagnostics(analysis: Analysis, main_file: str, to_range: ToRange) -> list[lsp.Diagnostic]:
    """The LSP diagnostics of the main document."""
    imports = _imported_files(analysis)
    out = []
    for diag in analysis.report.diagnostics:
        span = diag.span
        if span is None or span.file == main_file:
            out.append(convert(diag, to_range(span) if span else START))
            continue
        use = imports.get(os.path.normpath(span.file))
        where = to_range(use.path.span) if use is not None else START
        out.append(_imported(diag, where))
    return out


def convert(diag: Diagnostic, where: lsp.Range) -> lsp.Diagnostic:
    """One checker diagnostic: its code, message (with the caret label) and hint."""
    lines = [diag.message]
    if diag.label:
        lines.append(diag.label)
    if diag.help:
        lines.append(f"help: {diag.help}")
    return lsp.Diagnostic(range=where, message="\n".join(lines), code=diag.code, source="gandsl",
                          severity=SEVERITY.get(diag.severity, lsp.DiagnosticSeverity.Error),
                          data={"label": diag.label, "help": diag.help})


def _imported(diag: Diagnostic, where: lsp.Range) -> lsp.Diagnostic:
    """A problem inside an imported file, shown at the import, pointing at the real place."""
    span = diag.span
    assert span is not None
    shown = convert(diag, where)
    shown.message = f"in {os.path.basename(span.file)}:{span.line}:{span.col}: {shown.message}"
    shown.related_information = [lsp.DiagnosticRelatedInformation(
        location=lsp.Location(uri=Path(span.file).absolute().as_uri(), range=_plain(span)),
        message=diag.message)]
    return shown


def _imported_files(analysis: Analysis) -> dict[str, ast.Use]:
    """Every file the main recipe imports (directly or not) -> the main file's `use` leading there."""
    main = analysis.main
    found: dict[str, ast.Use] = {}
    for stmt in main.recipe.statements if main.recipe else ():
        if isinstance(stmt, ast.Use):
            inner = main.aliases.get(stmt.alias.text)
            files = {_display(analysis, main.folder / stmt.path.value)}
            files |= _files_below(analysis, inner) if inner is not None else set()
            for name in files:
                found.setdefault(name, stmt)
    return found


def _files_below(analysis: Analysis, module: Module) -> set[str]:
    """The display names of every file `module` imports, recursively."""
    files: set[str] = set()
    for stmt in module.recipe.statements if module.recipe else ():
        if isinstance(stmt, ast.Use):
            files.add(_display(analysis, module.folder / stmt.path.value))
            inner = module.aliases.get(stmt.alias.text)
            files |= _files_below(analysis, inner) if inner is not None else set()
    return files


def _display(analysis: Analysis, path: Path) -> str:
    """The name the loader gives a file in diagnostics (see Loader.load)."""
    loader = analysis.loader
    rel = os.path.relpath(path, loader.root)
    return os.path.normpath(os.path.join(loader.display_root, rel))


def _plain(span: Span) -> lsp.Range:
    """A span as a range in code points (for files that are not open)."""
    return lsp.Range(start=lsp.Position(line=span.line - 1, character=span.col - 1),
                     end=lsp.Position(line=span.end_line - 1, character=span.end_col - 1))


START = lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=0, character=0))
