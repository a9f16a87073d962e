"""Check an evaluated value against a typed parameter and turn it into its resolved form."""
from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from gandsl.lang.check import BAD, Report, did_you_mean
from gandsl.lang.check_values import NodeRef, describe, is_number, plain_number
from gandsl.errors import Span
from gandsl.spec import ParamSpec
from gandsl.lang.values import Duration, Frames, Size, Track, unsafe_out_part

WANTS = {"int": "an integer", "float": "a number", "str": "a string", "bool": "`true` or `false`",
         "duration": "a duration like `4s`", "size": "a size like `3x3`",
         "seeds": "a list of integers or a range like `0..7`", "list": "a list",
         "path": "a path string", "out": "an output path string",
         "class": "a class name or index"}


FRAME_COUNTS = ("frames",)  # int params that count frames: `24f` means 24 there
INT64_MAX = 2**63 - 1


def coerce(value: Any, spec: ParamSpec, span: Span | None, report: Report, folder: Path,
           scope: dict[str, str] | None = None) -> Any:
    """The resolved value of `value` for the parameter `spec`, or BAD after reporting why not;
    scope (node name -> stage) names the nodes a wrong-stage message can suggest."""
    if value is BAD:
        return BAD
    if spec.type == "node":
        return _node(value, spec, span, report, scope or {})
    if isinstance(value, NodeRef):
        return _wrong(value, spec, span, report)
    if isinstance(value, Track):
        return _track(value, spec, span, report)
    result = _convert(value, spec, folder)
    if result is BAD:
        return _wrong(value, spec, span, report)
    if spec.type == "out" and result is not None:
        return _out(result, span, report)
    return _check_limits(result, spec, span, report)


def _convert(value: Any, spec: ParamSpec, folder: Path) -> Any:
    t = spec.type
    if isinstance(value, str) and value in spec.words:
        return value
    if t == "int" and isinstance(value, Frames) and spec.name in FRAME_COUNTS:
        return value.count  # `24f` is the language's way to write 24 frames (SPEC §9)
    if t == "int":
        ok = is_number(value) and float(value).is_integer()
        return int(value) if ok else BAD
    if t == "float":
        return float(value) if is_number(value) else BAD
    if t in ("str", "out"):
        return value if isinstance(value, str) else BAD
    if t == "bool":
        return value if isinstance(value, bool) else BAD
    if t == "duration":
        return value if isinstance(value, (Duration, Frames)) else BAD
    if t == "size":
        return value if isinstance(value, Size) else BAD
    if t == "path":
        return os.path.normpath(folder.absolute() / value) if isinstance(value, str) and value else BAD
    if t == "seeds":
        ok = isinstance(value, list) and all(is_number(v) and float(v).is_integer() for v in value)
        return [int(v) for v in value] if ok else BAD
    if t == "list":
        return _list(value, spec, folder)
    if t == "class":
        ok = isinstance(value, str) or (is_number(value) and float(value).is_integer() and value >= 0)
        return value if isinstance(value, str) else int(value) if ok else BAD
    return BAD


def _list(value: Any, spec: ParamSpec, folder: Path) -> Any:
    if isinstance(value, str) and spec.choices and value in spec.choices:
        value = [value]  # one choice of a list of choices: `augment = "ada"`
    if not isinstance(value, list):
        return BAD
    if spec.item is None:
        return value
    item = ParamSpec(spec.name, spec.item)
    items = [_convert(v, item, folder) for v in value]
    return BAD if any(i is BAD for i in items) else items


def _wrong(value: Any, spec: ParamSpec, span: Span | None, report: Report) -> Any:
    want = WANTS.get(spec.type, spec.type)
    if spec.type == "list" and spec.item:
        want = f"a list of {WANTS.get(spec.item, spec.item).split(' ', 1)[-1]}s"
    help_ = None
    if spec.type == "duration" and is_number(value):
        help_ = f"add a unit: `{value}s` or `{value}f`"
    elif spec.type == "size" and is_number(value):
        help_ = f"write `{value}x{value}`"
    elif spec.type in ("int", "float") and isinstance(value, (Duration, Frames)):
        help_ = "a plain number has no unit suffix"
    elif spec.type == "seeds" and is_number(value):
        help_ = f"write `[{value}]`"
    return report.error("E020", f"`{spec.name}` expects {want}, got {describe(value)}", span,
                        f"expected {want}", help_)


def _node(value: Any, spec: ParamSpec, span: Span | None, report: Report,
          scope: dict[str, str]) -> Any:
    stages = " or ".join(spec.stages) or "any"
    fits = [f"`{n}`" for n, stage in scope.items() if stage in spec.stages]
    hint = (f"{stages} nodes here: " + ", ".join(fits) if fits
            else f"this file has no {stages} node; declare one: `{spec.stages[0]} NAME = OP {{ ... }}`"
            if spec.stages else None)
    if not isinstance(value, NodeRef):
        return report.error("E020", f"`{spec.name}` expects a {stages} node, got {describe(value)}",
                            span, f"expected the name of a {stages} node", hint)
    if spec.stages and value.stage not in spec.stages:
        return report.error("E023", f"`{spec.name}` needs a {stages} node, but `{value.name}` is a "
                            f"{value.stage} node", span, f"a {value.stage} node", hint)
    return value.name


def _track(value: Track, spec: ParamSpec, span: Span | None, report: Report) -> Any:
    if not spec.track:
        return report.error("E024", f"`{spec.name}` cannot be a keyframe track", span,
                            f"expected {WANTS.get(spec.type, spec.type)}",
                            "only some numeric walk settings may change over time; "
                            "`gandsl ops OP` marks them")
    for key in value.keys:
        if _check_limits(key.value, spec, span, report) is BAD:
            return BAD
    return value


def _check_limits(value: Any, spec: ParamSpec, span: Span | None, report: Report) -> Any:
    if spec.choices:
        items = value if isinstance(value, list) else [value]
        for item in items:
            if (isinstance(item, str) or is_number(item)) and item not in spec.choices:
                allowed = ", ".join(f"`{c}`" for c in spec.choices)
                shown = f'"{item}"' if isinstance(item, str) else plain_number(item)
                hint = (did_you_mean(item, [str(c) for c in spec.choices])
                        if isinstance(item, str) else None)
                return report.error("E022", f"`{spec.name}` does not allow {shown}", span,
                                     f"one of {allowed}", hint)
    number = value.seconds if isinstance(value, Duration) else value
    if spec.type == "duration" and _order(value) <= 0:
        return report.error("E021", f"`{spec.name}` must be longer than zero", span,
                            f"`{value}` is not a positive length")
    if spec.type == "int" and is_number(number) and abs(number) > INT64_MAX:
        return report.error("E021", f"`{spec.name}` is out of range: {number}",
                            span, "allowed: at most 2^63 - 1")
    if not is_number(number):
        return value
    if (spec.lo is not None and number < spec.lo) or (spec.hi is not None and number > spec.hi):
        shown = str(value) if isinstance(value, Duration) else plain_number(value)
        return report.error("E021", f"`{spec.name}` is out of range: {shown}", span,
                            f"allowed: {_limits(spec)}")
    return value


def _order(value: Any) -> float:
    if isinstance(value, Duration):
        return value.seconds
    return float(value.count) if isinstance(value, Frames) else 1.0


def _limits(spec: ParamSpec) -> str:
    lo = "" if spec.lo is None else plain_number(spec.lo)
    hi = "" if spec.hi is None else plain_number(spec.hi)
    if lo and hi:
        return f"{lo} to {hi}"
    return f"at least {lo}" if lo else f"at most {hi}"


def _out(value: str, span: Span | None, report: Report) -> Any:
    posix, win = PurePosixPath(value), PureWindowsPath(value)
    if posix.is_absolute() or win.is_absolute() or win.drive or value.startswith("~"):
        return report.error("E028", f"`out` must be relative to the output folder, not \"{value}\"",
                            span, "an absolute path", f"write a relative path like \"{win.name or 'x'}\"")
    if "\0" in value or any(ord(c) < 32 for c in value):
        return report.error("E028", "`out` holds a control character", span,
                            "NUL or another control character", "write a plain file name")
    parts = os.path.normpath(value.replace("\\", "/")).split("/")
    if not value or parts[0] == "..":
        return report.error("E028", f"`out` \"{value}\" leaves the output folder", span,
                            "climbs out with `..`", "outputs stay inside `out/<recipe>/`")
    if parts == ["."] or value.replace("\\", "/").rstrip("/").endswith(("/.", "/..")):
        return report.error("E028", f"`out` \"{value}\" names a folder, not an output", span,
                            "the output folder itself", "name a file such as \"clip.gif\"")
    bad = next((p for p in parts if unsafe_out_part(p)), None)
    if bad is not None:
        return report.error("E028", f"`out` \"{value}\" names a hidden, blank, over-long or reserved file or folder "
                            f"(\"{bad}\")", span, "not a plain visible name",
                            "name a visible file such as \"clip.gif\" (no leading `.`, no spaces around)")
    return value
