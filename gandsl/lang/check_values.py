"""Evaluate value expressions: literals, arithmetic, ranges, lists and keyframe tracks."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

from gandsl.lang import ast
from gandsl.lang.check import BAD, Report, did_you_mean
from gandsl.lang.values import EASINGS, Duration, Frames, Keyframe, Size, Track


@dataclass(frozen=True)
class NodeRef:
    """A reference to a node, as the value of an input."""

    name: str
    stage: str


Lookup = Callable[[ast.Ref], Any]


def describe(value: Any) -> str:
    """A value in words for messages: `an integer `5``, `a duration `4s``."""
    if isinstance(value, bool):
        return f"a bool `{str(value).lower()}`"
    if isinstance(value, int):
        return f"an integer `{value}`"
    if isinstance(value, float):
        return f"a number `{plain_number(value)}`"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, Duration):
        return f"a duration `{value}`"
    if isinstance(value, Frames):
        return f"a count of frames `{value}`"
    if isinstance(value, Size):
        return f"a size `{value}`"
    if isinstance(value, Track):
        return "a keyframe track"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, NodeRef):
        return f"the {value.stage} node `{value.name}`"
    return "a value"


def plain_number(value: float) -> str:
    """A number without float noise: 100000000, 0.5, 2e-04 stays readable."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else f"{value:g}"


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def evaluate(expr: ast.Expr, lookup: Lookup, report: Report) -> Any:
    """The value of an expression, or BAD after reporting why it has none."""
    value = _evaluate(expr, lookup, report)
    amount = value.seconds if isinstance(value, Duration) else value
    if isinstance(amount, float) and not math.isfinite(amount):
        return report.error("E034", "this number is not finite", expr.span,
                            f"evaluates to {amount}", "numbers must be finite; a literal like "
                            "`1e999` or arithmetic on huge numbers overflows")
    return value


def _evaluate(expr: ast.Expr, lookup: Lookup, report: Report) -> Any:
    if isinstance(expr, ast.Number):
        return number(expr)
    if isinstance(expr, (ast.String, ast.Bool)):
        return expr.value
    if isinstance(expr, ast.SizeLit):
        if expr.w < 1 or expr.h < 1:
            return report.error("E020", "a size needs positive sides", expr.span, "zero side")
        return Size(expr.w, expr.h)
    if isinstance(expr, ast.Ref):
        return lookup(expr)
    if isinstance(expr, ast.ListLit):
        items = [evaluate(i, lookup, report) for i in expr.items]
        return BAD if any(i is BAD for i in items) else items
    if isinstance(expr, ast.RangeLit):
        return _range(expr, lookup, report)
    if isinstance(expr, ast.TrackLit):
        return _track(expr, lookup, report)
    if isinstance(expr, ast.Neg):
        return _neg(expr, lookup, report)
    assert isinstance(expr, ast.BinOp)
    return _binop(expr, lookup, report)


def number(lit: ast.Number) -> Any:
    """A number literal with its suffix applied."""
    v = lit.value
    if lit.suffix == "k":
        v = v * 1000
        return int(v) if float(v).is_integer() else v
    if lit.suffix == "s":
        return Duration(float(v))
    if lit.suffix == "ms":
        return Duration(float(v) / 1000.0)
    if lit.suffix == "f":
        return Frames(int(v)) if float(v).is_integer() else v
    return v


MAX_RANGE = 10_000


def _range(expr: ast.RangeLit, lookup: Lookup, report: Report) -> Any:
    lo, hi = evaluate(expr.lo, lookup, report), evaluate(expr.hi, lookup, report)
    if lo is BAD or hi is BAD:
        return BAD
    for value, part in ((lo, expr.lo), (hi, expr.hi)):
        if not (is_number(value) and float(value).is_integer()):
            return report.error("E020", "a range needs integer ends", part.span,
                                f"{describe(value)}, not an integer")
    values = range(int(lo), int(hi) + (0 if expr.exclusive else 1))
    if len(values) > MAX_RANGE:  # a shared recipe must not make `check` build a huge list
        return report.error("E021", f"a range of {len(values):,} values is too long", expr.span,
                            f"at most {MAX_RANGE:,} values")
    return list(values)


def _neg(expr: ast.Neg, lookup: Lookup, report: Report) -> Any:
    value = evaluate(expr.operand, lookup, report)
    if value is BAD:
        return BAD
    if is_number(value):
        return -value
    if isinstance(value, Duration):
        return Duration(-value.seconds)
    return report.error("E026", f"cannot negate {describe(value)}", expr.span, "not a number")


def _binop(expr: ast.BinOp, lookup: Lookup, report: Report) -> Any:
    a, b = evaluate(expr.left, lookup, report), evaluate(expr.right, lookup, report)
    if a is BAD or b is BAD:
        return BAD
    if expr.op == "/" and (b == 0 if is_number(b) else isinstance(b, Duration) and b.seconds == 0):
        return report.error("E026", "division by zero", expr.right.span, "this is zero")
    result = arithmetic(expr.op, a, b)
    if result is None:
        verb = {"+": "add", "-": "subtract", "*": "multiply", "/": "divide"}[expr.op]
        return report.error("E026", f"cannot {verb} {describe(a)} and {describe(b)}", expr.span,
                            "arithmetic works on numbers, and durations with numbers")
    return result


def arithmetic(op: str, a: Any, b: Any) -> Any:
    """a op b for numbers and durations (frames act as numbers of frames); None if undefined."""
    if is_number(a) and is_number(b):
        return {"+": a + b, "-": a - b, "*": a * b}.get(op, a / b if op == "/" else None)
    if isinstance(a, Duration) and isinstance(b, Duration):
        if op in "+-":
            return Duration(a.seconds + b.seconds if op == "+" else a.seconds - b.seconds)
        return a.seconds / b.seconds if op == "/" else None
    if isinstance(a, Frames) and isinstance(b, Frames) and op in "+-":
        return Frames(a.count + b.count if op == "+" else a.count - b.count)
    if isinstance(a, Frames) and isinstance(b, int) and not isinstance(b, bool) and op == "*":
        return Frames(a.count * b)
    if isinstance(b, Frames) and isinstance(a, int) and not isinstance(a, bool) and op == "*":
        return Frames(a * b.count)
    if isinstance(a, Duration) and is_number(b) and op in "*/":
        return Duration(a.seconds * b if op == "*" else a.seconds / b)
    if is_number(a) and isinstance(b, Duration) and op == "*":
        return Duration(a * b.seconds)
    return None


def _track(expr: ast.TrackLit, lookup: Lookup, report: Report) -> Any:
    keys: list[Keyframe] = []
    ok = True
    for key in expr.keys:
        frame = _keyframe(key, lookup, report)
        ok = ok and frame is not BAD
        if frame is not BAD:
            if keys and _order(keys[-1].time) >= _order(frame.time) and \
                    type(keys[-1].time) is type(frame.time):
                report.error("E025", "keyframe times must increase", key.time.span,
                             f"comes after `{keys[-1].time}`")
                ok = False
            keys.append(frame)
    if not expr.keys:
        return report.error("E025", "a track needs at least one keyframe", expr.span, "empty")
    return Track(tuple(keys)) if ok else BAD


def _order(time: Duration | Frames) -> float:
    return time.seconds if isinstance(time, Duration) else float(time.count)


def _keyframe(key: ast.KeyframeLit, lookup: Lookup, report: Report) -> Any:
    time, value = evaluate(key.time, lookup, report), evaluate(key.value, lookup, report)
    bad = time is BAD or value is BAD
    if not bad and not isinstance(time, (Duration, Frames)):
        bad = report.error("E025", "a keyframe time needs a unit", key.time.span,
                           f"{describe(time)}; write seconds like `2s` or frames like `48f`")
    if not bad and _order(time) < 0:
        bad = report.error("E025", "a keyframe time cannot be negative", key.time.span,
                           f"`{time}` is before the start")
    if not bad and not is_number(value):
        bad = report.error("E025", "a keyframe value must be a number", key.value.span,
                           describe(value))
    ease = key.ease.text if key.ease else "linear"
    if key.ease and ease not in EASINGS:
        bad = report.error("E025", f"unknown easing `{ease}`", key.ease.span,
                           "easings: " + ", ".join(EASINGS), did_you_mean(ease, EASINGS))
    if bad:
        return BAD
    return Keyframe(time, float(value), ease)
