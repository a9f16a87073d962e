"""One open recipe: its text, the checker's analysis of it (cached), and position conversion."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from gandsl.errors import Diagnostic, Span
from gandsl.engine.session import analyse
from gandsl.lang.load import Analysis
from gandsl.lang.resolve import Module


@dataclass(frozen=True)
class Pos:
    """A position in code points: 0-based line and character (the server's own units)."""

    line: int
    char: int


@dataclass
class Checked:
    """The analysis of one exact text of a document (None when the main file could not be read)."""

    text: str
    analysis: Analysis | None
    failure: Diagnostic | None = None     # why there is no analysis

    @property
    def module(self) -> Module | None:
        """The main module when the text parsed, else None."""
        if self.analysis is None or self.analysis.main.recipe is None:
            return None
        return self.analysis.main


class Document:
    """An open recipe file; re-analysed lazily when its text changes."""

    def __init__(self, path: Path, read: Callable[[Path], str]) -> None:
        self.path = path
        self.read = read
        self.checked: Checked | None = None
        self.good: Checked | None = None   # the last analysis whose text parsed

    def check(self, text: str) -> Checked:
        """The analysis of `text`, computed once per text."""
        if self.checked is not None and self.checked.text == text:
            return self.checked
        failure = None
        try:
            found = analyse(self.path, read=self._reader(text))
        except RecursionError:      # as `gandsl check` says it (load_recipe)
            found, failure = None, Diagnostic("E006", "the recipe nests or chains its nodes too "
                                              "deeply to check", help="split the recipe into "
                                              "smaller ones")
        except (OSError, UnicodeDecodeError) as err:
            found, failure = None, Diagnostic("E031", f"cannot read `{self.path}`: {err}")
        self.checked = Checked(text, found, failure)
        if self.checked.module is not None:
            self.good = self.checked
        return self.checked

    def _reader(self, text: str) -> Callable[[Path], str]:
        main = os.path.normcase(os.path.abspath(self.path))

        def read(path: Path) -> str:
            return text if os.path.normcase(os.path.abspath(path)) == main else self.read(path)
        return read


def span_start(span: Span) -> Pos:
    """A Span's first character (Spans are 1-based)."""
    return Pos(max(0, span.line - 1), max(0, span.col - 1))


def span_end(span: Span) -> Pos:
    """A Span's end (exclusive)."""
    return Pos(max(0, span.end_line - 1), max(0, span.end_col - 1))


def contains(span: Span, pos: Pos) -> bool:
    """Whether `pos` lies within `span`, its end included (a cursor right after a word)."""
    at = (pos.line, pos.char)
    start, end = span_start(span), span_end(span)
    return (start.line, start.char) <= at <= (end.line, end.char)


def offset_of(text: str, pos: Pos) -> int:
    """The index into `text` of a position."""
    lines = text.splitlines(True)
    return sum(len(line) for line in lines[:pos.line]) + pos.char
