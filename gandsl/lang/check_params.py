"""Recipe params: declared type (or inferred), bounds `in LO..HI`, and --set overrides."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from gandsl.lang import ast
from gandsl.lang.check import BAD, Report, did_you_mean
from gandsl.lang.check_types import coerce
from gandsl.lang.check_values import describe, evaluate, is_number
from gandsl.errors import Span
from gandsl.spec import RECIPE_PARAM_TYPES, ParamSpec
from gandsl.lang.resolved import ResolvedParam
from gandsl.lang.values import Duration, Frames, Size


def infer_type(value: Any) -> str | None:
    """The param type a default value implies, if any."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, (Duration, Frames)):
        return "duration"
    if isinstance(value, Size):
        return "size"
    return None


def resolve_param(decl: ast.Param, qname: str, folder: Path, lookup: Callable, report: Report,
                  override: tuple[ast.Expr, Span] | None) -> ResolvedParam:
    """A declared param's final value: its default or the --set value, checked against its type."""
    default = evaluate(decl.default, lookup, report)
    spec = param_spec(decl, default, lookup, report)
    if spec is None:
        return ResolvedParam(qname, BAD, "recipe", decl.span)
    value = coerce(default, spec, decl.default.span, report, folder)
    if override is None:
        return ResolvedParam(qname, value, "default", decl.span)
    expr, span = override
    given = evaluate(expr, lookup, report)
    return ResolvedParam(qname, coerce(given, spec, expr.span, report, folder), "--set", span,
                         default=value)


def param_spec(decl: ast.Param, default: Any, lookup: Callable, report: Report) -> ParamSpec | None:
    """A ParamSpec for a recipe param: its type and inclusive bounds."""
    name = decl.name.text
    if decl.type is not None:
        kind = decl.type.text
        if kind not in RECIPE_PARAM_TYPES:
            report.error("E027", f"unknown param type `{kind}`", decl.type.span,
                         "types: " + ", ".join(RECIPE_PARAM_TYPES),
                         did_you_mean(kind, RECIPE_PARAM_TYPES))
            return None
    elif default is BAD:
        return None
    else:
        kind = infer_type(default)
        if kind is None:
            report.error("E027", f"cannot infer the type of `{name}` from {describe(default)}",
                         decl.default.span, "params are " + ", ".join(RECIPE_PARAM_TYPES),
                         "give a type: `param NAME: TYPE = ...`")
            return None
    lo, hi = _bounds(decl, kind, lookup, report)
    return ParamSpec(name, kind, help=decl.help.value if decl.help else "", lo=lo, hi=hi)


def _bounds(decl: ast.Param, kind: str, lookup: Callable, report: Report) -> tuple:
    if decl.lo is None or decl.hi is None:
        return None, None
    if kind not in ("int", "float", "duration"):
        report.error("E027", f"a {kind} param cannot have a range", decl.lo.span,
                     "ranges are for int, float and duration params")
        return None, None
    ends = []
    for part in (decl.lo, decl.hi):
        value = evaluate(part, lookup, report)
        if isinstance(value, Duration):
            value = value.seconds
        if value is not BAD and not is_number(value):
            report.error("E027", "a param range needs numbers", part.span, describe(value))
            value = BAD
        ends.append(None if value is BAD else float(value))
    if decl.exclusive and ends[1] is not None:
        if kind != "int":
            report.error("E027", f"a {kind} param cannot exclude its upper end", decl.hi.span,
                         "`..<` is for int params", f"write `{ends[0]:g}..{ends[1]:g}` (inclusive)")
            return None, None
        ends[1] -= 1
    return ends[0], ends[1]
