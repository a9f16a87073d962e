"""One error base class, source spans and diagnostics rendered in the SPEC §3 format."""
from __future__ import annotations

import re

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A region of a source file; lines and columns are 1-based, end is exclusive."""

    file: str
    line: int
    col: int
    end_line: int
    end_col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a recipe or on the command line."""

    code: str
    message: str
    span: Span | None = None
    label: str = ""
    help: str | None = None
    severity: str = "error"

    def to_json(self) -> dict:
        """The diagnostic as a JSON-ready dict (`check --json`)."""
        data: dict = {"severity": self.severity, "code": self.code, "message": self.message}
        if self.span is not None:
            s = self.span
            data["span"] = {"file": s.file, "line": s.line, "col": s.col,
                            "end_line": s.end_line, "end_col": s.end_col}
        data["label"] = self.label
        data["help"] = self.help
        return data


class GandslError(Exception):
    """Base of every user-facing error; carries diagnostics and an exit code."""

    exit_code = 1

    def __init__(self, message: str, *, code: str = "E000", span: Span | None = None,
                 label: str = "", help: str | None = None,
                 diagnostics: list[Diagnostic] | None = None,
                 sources: "SourceMap | None" = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or [Diagnostic(code, message, span, label, help)]
        self.sources = sources

    def render(self) -> str:
        """Every diagnostic, formatted for a terminal."""
        return "\n\n".join(render_diagnostic(d, self.sources) for d in self.diagnostics)


class RecipeError(GandslError):
    """A recipe or command line is wrong; nothing ran (exit 1)."""


class NodeFailed(GandslError):
    """A node failed while running (exit 3)."""

    exit_code = 3


class Interrupted(GandslError):
    """The user stopped the run (Ctrl-C); the cache is intact."""

    exit_code = 130


@dataclass
class SourceMap:
    """File name -> text, so diagnostics can quote the offending line."""

    texts: dict[str, str] = field(default_factory=dict)

    def line(self, file: str, line: int) -> str | None:
        text = self.texts.get(file)
        if text is None:
            return None
        lines = text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text from a file made safe for a terminal: control characters (escape sequences that set
    titles, links or clear the screen) and bidi overrides shown as `\\xNN` / `\\uNNNN`; newlines and tabs kept."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                       else f"\\u{ord(m.group()):04x}", text)


def render_diagnostic(diag: Diagnostic, sources: SourceMap | None = None) -> str:
    """Format one diagnostic as SPEC §3 shows: code, location, source line, caret, help;
    every piece of text that came from a file passes through `printable`."""
    return printable(_render_diagnostic(diag, sources))


def _render_diagnostic(diag: Diagnostic, sources: SourceMap | None) -> str:
    out = [f"{diag.severity}[{diag.code}]: {diag.message}"]
    span = diag.span
    src = sources.line(span.file, span.line) if (span and sources) else None
    if span is not None:
        gutter = " " * len(str(span.line))
        out.append(f"{gutter}--> {span}")
        if src is not None:
            width = max(1, (span.end_col - span.col) if span.end_line == span.line else
                        len(src) - span.col + 1)
            src, col = _window(src, span.col)
            caret = " " * (col - 1) + "^" * min(width, max(1, len(src) - col + 1))
            out += [f"{gutter} |", f"{span.line} | {src}",
                    f"{gutter} | {caret} {diag.label}".rstrip(), f"{gutter} |"]
    if diag.help:
        gutter = " " * (len(str(span.line)) if span else 0)
        out.append(f"{gutter} = help: {diag.help}")
    return "\n".join(out)


def _window(src: str, col: int, before: int = 40, after: int = 60) -> tuple[str, int]:
    """Cut a long source line to a window around `col`; returns the text and the new column."""
    if len(src) <= before + after:
        return src, col
    start = max(0, col - 1 - before)
    text = src[start:col - 1 + after]
    prefix = "…" if start > 0 else ""
    suffix = "…" if col - 1 + after < len(src) else ""
    return prefix + text + suffix, col - start + len(prefix)
