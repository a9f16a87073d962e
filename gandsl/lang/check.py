"""Shared pieces of checking: the diagnostic collector and did-you-mean hints."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable

from gandsl.errors import Diagnostic, Span


class Bad:
    """The value of an expression that already produced a diagnostic (stops cascades)."""

    def __repr__(self) -> str:
        return "BAD"


BAD = Bad()


@dataclass
class Report:
    """Collects every diagnostic of one check, in the order found."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, code: str, message: str, span: Span | None, label: str = "",
              help: str | None = None) -> Bad:
        """Record an error; returns BAD so callers can `return report.error(...)`."""
        diag = Diagnostic(code, message, span, label, help)
        if diag not in self.diagnostics:
            self.diagnostics.append(diag)
        return BAD

    def __bool__(self) -> bool:
        return bool(self.diagnostics)


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like word, if any is close enough."""
    found = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(word: str, candidates: dict[str, Span | None] | Iterable[str]) -> str | None:
    """A `did you mean` hint, with `(declared at L:C)` when the candidate has a span."""
    best = closest(word, candidates)
    if best is None:
        return None
    span = candidates.get(best) if isinstance(candidates, dict) else None
    where = f" (declared at {span.line}:{span.col})" if span is not None and span.line else ""
    return f"did you mean `{best}`{where}?"
