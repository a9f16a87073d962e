"""Markdown for ops, their params and resolved values (hover and completion documentation)."""
from __future__ import annotations

import json
from typing import Any

from gandsl.lang.param_text import default_text, limits_text, type_text
from gandsl.lang.check_values import NodeRef, plain_number
from gandsl.lang.values import Track
from gandsl.spec import OpSpec, ParamSpec


def param_detail(p: ParamSpec) -> str:
    """One line: `int = 3000` or `model node (required)`."""
    return f"{type_text(p)} (required)" if p.required else f"{type_text(p)} = {default_text(p)}"


def param_markdown(p: ParamSpec, op: OpSpec | None = None) -> str:
    """A param's type, default, allowed values and help."""
    where = f" of `{op.stage} {op.name}`" if op else ""
    lines = [f"**`{p.name}`**{where}: {type_text(p)}", "", p.help or ""]
    facts = [("default", "required" if p.required else default_text(p)),
             ("allowed", limits_text(p))]
    lines += [""] + [f"- {k}: `{v}`" for k, v in facts if v]
    if p.track:
        lines.append("- may change over time: `keys { 0s: A, 2s: B }`")
    return "\n".join(lines)


def op_markdown(op: OpSpec) -> str:
    """An op's stage, version, help and parameter list."""
    lines = [f"**{op.stage} op `{op.name}`** (version {op.version})", "", op.help, ""]
    for p in op.params:
        lines.append(f"- `{p.name}`: {param_detail(p)} — {p.help}")
    return "\n".join(lines)


def show(value: Any) -> str:
    """A resolved value in recipe syntax."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return plain_number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, NodeRef):
        return value.name
    if isinstance(value, Track):
        keys = ", ".join(f"{k.time}: {plain_number(k.value)} ease {k.ease}" for k in value.keys)
        return f"keys {{ {keys} }}"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if value is None:
        return "none"
    return str(value)


def code(text: str) -> str:
    """A fenced recipe snippet."""
    return f"```gandsl\n{text}\n```"
