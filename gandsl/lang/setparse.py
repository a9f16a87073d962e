"""Parse `--set NAME=VALUE` options with the recipe's own value syntax.

All --set texts form one pseudo-file `<--set>`, one option per line, so diagnostics can point
into the option the user typed.
"""
from __future__ import annotations

import re
from typing import Sequence

from gandsl.lang import ast
from gandsl.lang.check import Report, did_you_mean
from gandsl.errors import RecipeError, Span
from gandsl.lang.parse import parse_value

SET_FILE = "<--set>"
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


def set_source(sets: Sequence[str]) -> str:
    """The text of the `<--set>` pseudo-file."""
    return "\n".join(s.replace("\n", " ") for s in sets)


def parse_sets(sets: Sequence[str], report: Report) -> dict[str, tuple[ast.Expr, Span]]:
    """NAME -> (value expression, span of the whole option); problems go to report."""
    parsed: dict[str, tuple[ast.Expr, Span]] = {}
    for index, text in enumerate(sets):
        text = text.replace("\n", " ")
        line = index + 1
        whole = Span(SET_FILE, line, 1, line, len(text) + 1)
        name, eq, value = text.partition("=")
        name = name.strip()
        if not eq or not NAME.fullmatch(name):
            report.error("E040", f"--set needs NAME=VALUE, got `{text}`", whole,
                         "expected NAME=VALUE", "e.g. `--set steps=2000`")
            continue
        if not value.strip():
            report.error("E040", f"--set {name}= has no value", whole, "missing value")
            continue
        padded = "\n" * index + " " * (len(text) - len(value)) + value
        try:
            expr = parse_value(padded, SET_FILE)
        except RecipeError as err:
            report.diagnostics.extend(err.diagnostics)
            continue
        parsed[name] = (expr, whole)
    return parsed


def check_set_names(parsed: dict[str, tuple[ast.Expr, Span]], declared: dict[str, Span | None],
                    report: Report) -> dict[str, tuple[ast.Expr, Span]]:
    """Only declared params may be set; unknown names get a did-you-mean hint."""
    known = {}
    for name, (expr, span) in parsed.items():
        if name in declared:
            known[name] = (expr, span)
            continue
        name_span = Span(SET_FILE, span.line, 1, span.line, len(name) + 1)
        hint = did_you_mean(name, declared) or (
            "declared params: " + ", ".join(declared) if declared else "this recipe declares no params")
        report.error("E041", f"--set names an unknown param `{name}`", name_span,
                     "not a declared param", hint)
    return known
