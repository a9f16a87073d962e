"""A param spec in words, as `gandsl ops` and the language server's hover show it."""
from __future__ import annotations

import json
from typing import Any


def type_text(p: Any) -> str:
    """Its type: `int`, `train node`, `list of str`, `float or track`."""
    if p.type == "node":
        return "/".join(p.stages) + " node"
    if p.type == "list" and p.item:
        return f"list of {p.item}"
    return p.type + (" or track" if p.track else "")


def default_text(p: Any) -> str:
    """Its default in recipe syntax, or `required`."""
    d = p.default
    if p.required:
        return "required"
    if d is None:
        return "none"
    if isinstance(d, bool):
        return "true" if d else "false"
    if isinstance(d, str):
        return json.dumps(d)
    if isinstance(d, list):
        return "[" + ", ".join(json.dumps(x) if isinstance(x, str) else str(x) for x in d) + "]"
    return str(d)


def limits_text(p: Any) -> str:
    """Its choices (`a | b`) or range (`lo..hi`), or ""."""
    from gandsl.lang.check_values import plain_number

    if p.choices:
        return " | ".join(str(c) for c in p.choices)
    if p.lo is None and p.hi is None:
        return ""
    lo = "" if p.lo is None else plain_number(p.lo)
    hi = "" if p.hi is None else plain_number(p.hi)
    return f"{lo}..{hi}"
