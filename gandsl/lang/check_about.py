"""The `gandsl N` version header and the `about { ... }` metadata block."""
from __future__ import annotations

from typing import Any

from gandsl.lang import ast
from gandsl.lang.check import BAD, Report, did_you_mean
from gandsl.lang.check_values import describe, evaluate

VERSIONS = (1,)
ABOUT_KEYS = ("title", "author", "license", "tags", "description", "forked_from")


def check_version(recipe: ast.Recipe, report: Report) -> None:
    """An unknown language version is an error."""
    for stmt in recipe.statements:
        if isinstance(stmt, ast.Version) and stmt.number.value not in VERSIONS:
            report.error("E005", f"unknown gandsl version `{stmt.number.text}`", stmt.number.span,
                         "this gandsl reads version " + ", ".join(map(str, VERSIONS)),
                         "write `gandsl 1` or leave the header out")


def check_about(recipe: ast.Recipe, report: Report) -> dict[str, Any]:
    """The about block's metadata; unknown keys and wrong types are errors."""
    about: dict[str, Any] = {}
    for stmt in recipe.statements:
        if not isinstance(stmt, ast.About):
            continue
        for entry in stmt.entries:
            value = _about_value(entry, report)
            if value is not BAD:
                about[entry.key.text] = value
    return about


def _about_value(entry: ast.Entry, report: Report) -> Any:
    key = entry.key.text
    if key not in ABOUT_KEYS:
        return report.error("E029", f"`about` has no key `{key}`", entry.key.span,
                            "keys: " + ", ".join(ABOUT_KEYS), did_you_mean(key, ABOUT_KEYS))
    value = evaluate(entry.value, _no_refs(report), report)
    if value is BAD:
        return BAD
    if key == "tags":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        return report.error("E029", "`tags` must be a list of strings", entry.value.span,
                            describe(value), 'e.g. `tags = ["digits", "loop"]`')
    if not isinstance(value, str):
        return report.error("E029", f"`{key}` must be a string", entry.value.span, describe(value))
    return value


def _no_refs(report: Report):
    def lookup(ref: ast.Ref) -> Any:
        return report.error("E029", "`about` holds plain values, not references", ref.span,
                            f"`{ref.dotted}`", "write the text in quotes")
    return lookup
