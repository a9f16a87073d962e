"""Hover: an op's or param's help and type; on a reference, its declaration and resolved value."""
from __future__ import annotations

from typing import Any

from gandsl.lang import ast
from gandsl.lang.check import Bad
from gandsl.lang.fmt import expr, one_line
from gandsl.lang.load import Analysis
from gandsl.lang.resolve import Module
from gandsl.lsp import find
from gandsl.lsp.describe import code, op_markdown, param_markdown, show
from gandsl.ops.registry import get_op, ops_of_stage


def hover(analysis: Analysis, pos: find.Pos) -> str | None:
    """Markdown for what is under `pos`, or None."""
    main = analysis.main
    if main.recipe is None:
        return None
    hit = find.at(main.recipe, pos)
    if hit is None:
        return None
    if hit.kind == "op":
        op = get_op(hit.stmt.stage.text, hit.stmt.op.text)
        return op_markdown(op.spec) if op else None
    if hit.kind == "stage":
        stage = hit.stmt.stage.text
        names = ", ".join(f"`{o.spec.name}`" for o in ops_of_stage(stage))
        return f"**{stage}** stage: {names}"
    if hit.kind == "key":
        op = get_op(hit.stmt.stage.text, hit.stmt.op.text) if isinstance(hit.stmt, ast.Node) else None
        p = op.spec.param(hit.entry.key.text) if op else None
        return param_markdown(p, op.spec) if p else None
    if hit.kind == "use":
        path = main.folder / hit.stmt.path.value
        return f"imports `{path}`" + ("" if path.is_file() else " (no such file)")
    if hit.kind == "decl":
        return declaration(analysis, find.Target(main, hit.stmt))
    found = find.target(main, hit.ref.parts[:hit.index + 1])
    return declaration(analysis, found) if found else None


def declaration(analysis: Analysis, found: find.Target) -> str:
    """A declaration's text and its resolved value."""
    decl, module = found.decl, found.module
    where = _where(module)
    if isinstance(decl, ast.Param):
        resolved = analysis.resolver.params.get(found.qname)
        value = _value(resolved.value) if resolved else "not resolved"
        source = f" ({resolved.source})" if resolved else ""
        return f"{code(one_line(decl))}\n\nvalue: {value}{source}{where}"
    if isinstance(decl, ast.Use):
        return f"{code(one_line(decl))}\n\nan import{where}"
    header = f"{decl.stage.text} {found.qname} = {decl.op.text}"
    if found.key is None:
        op = get_op(decl.stage.text, decl.op.text)
        block = "".join(f"\n  {e.key.text} = {expr(e.value)}" for e in decl.entries)
        return f"{code(header + ' {' + block + chr(10) + '}')}\n\n" \
               f"{op.spec.help if op else 'unknown op'}{where}"
    return _setting(analysis, found, header, where)


def _setting(analysis: Analysis, found: find.Target, header: str, where: str) -> str:
    """`NODE.KEY`: the key's resolved value and the param's help."""
    decl, key = found.decl, found.key.text
    op = get_op(decl.stage.text, decl.op.text)
    spec = op.spec.param(key) if op else None
    node = analysis.resolver.nodes.get(found.qname)
    if spec is None or node is None:
        return f"{code(header + ' { ... }')}\n\nno setting `{key}`"
    written = find.entry_of(decl, key)
    origin = "set in the block" if written else "the op's default"
    return (f"{code(header + ' { ... }')}\n\n`{found.qname}.{key}` = {_value(node.params.get(key))}"
            f" ({origin}){where}\n\n---\n\n{param_markdown(spec, op.spec)}")


def _value(value: Any) -> str:
    return "no value (see the error)" if isinstance(value, Bad) else f"`{show(value)}`"


def _where(module: Module) -> str:
    return f"\n\ndeclared in `{module.recipe.file}`" if module.prefix and module.recipe else ""
