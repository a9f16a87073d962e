"""Completion: statement words, the ops of a stage, an op's unset params, names in scope (the
right stage for inputs), enum values, easings."""
from __future__ import annotations

from pathlib import Path

from lsprotocol import types as lsp

from gandsl.lang import ast
from gandsl.lang.check_about import ABOUT_KEYS
from gandsl.lang.fmt import expr
from gandsl.lang.resolve import Module
from gandsl.lang.values import EASINGS
from gandsl.lsp import words
from gandsl.lsp.context import Context, context
from gandsl.lsp.describe import op_markdown, param_detail, param_markdown
from gandsl.ops.registry import get_op, ops_of_stage
from gandsl.spec import RECIPE_PARAM_TYPES, OpSpec, ParamSpec

Kind = lsp.CompletionItemKind


def complete(text: str, offset: int, module: Module | None,
             folder: Path | None = None) -> list[lsp.CompletionItem]:
    """Completion items at `offset`; `module` is the latest analysis that parsed (for names),
    `folder` the document's (for `use` paths)."""
    ctx = context(text, offset)
    if ctx.kind == "path":
        return _paths(folder, ctx.partial) if folder is not None and ctx.in_string else []
    if ctx.kind == "statement":
        return [_item(w, Kind.Keyword, "stage" if w in words.stages() else "statement", w + " ")
                for w in words.statement_words()]
    if ctx.kind == "op":
        return [_item(o.spec.name, Kind.Class, o.spec.help, doc=op_markdown(o.spec))
                for o in ops_of_stage(ctx.stage)]
    if ctx.kind == "type":
        return [_item(t, Kind.TypeParameter, "param type") for t in RECIPE_PARAM_TYPES]
    if ctx.kind == "ease":
        return [_item(e, Kind.EnumMember, "easing") for e in EASINGS]
    if ctx.kind == "key":
        return _keys(ctx)
    if ctx.kind == "value":
        return _values(ctx, module)
    return []


def _paths(folder: Path, partial: str) -> list[lsp.CompletionItem]:
    """Recipe files and folders under the folder `partial` names (relative to the document)."""
    sub = partial.rpartition("/")[0]
    where = folder / sub
    if not where.is_dir():
        return []
    prefix = f"{sub}/" if sub else ""
    found = sorted(p for p in where.iterdir() if p.suffix == ".gan" or
                   (p.is_dir() and not p.name.startswith(".")))[:200]
    return [_item(prefix + p.name + ("/" if p.is_dir() else ""), Kind.Folder if p.is_dir()
                  else Kind.File, "folder" if p.is_dir() else "recipe") for p in found]


def _keys(ctx: Context) -> list[lsp.CompletionItem]:
    """The keys a block may still set."""
    if ctx.stage == "about":
        return [_item(k, Kind.Property, "about", k + " = ") for k in ABOUT_KEYS if k not in ctx.given]
    spec = _spec(ctx)
    if spec is None:
        return []
    return [_item(p.name, Kind.Property, param_detail(p), p.name + " = ", param_markdown(p, spec))
            for p in spec.params if p.name not in ctx.given]


def _values(ctx: Context, module: Module | None) -> list[lsp.CompletionItem]:
    """Values for the key being set: its choices, then names in scope of the right kind."""
    spec = _spec(ctx)
    param = spec.param(ctx.key) if spec and ctx.key else None
    if ctx.in_string:
        return [_item(str(c), Kind.EnumMember, f"`{param.name}` value")
                for c in (param.choices or ()) if isinstance(c, str)] if param else []
    items = _literals(param) if param and not ctx.dotted else []
    scope = _scope(module, ctx.dotted)
    if scope is None:
        return items
    if isinstance(scope, ast.Node):             # NODE.KEY: the node's settings
        op = get_op(scope.stage.text, scope.op.text)
        return [_item(p.name, Kind.Property, param_detail(p), doc=param_markdown(p, op.spec))
                for p in (op.spec.params if op else ())]
    return items + _names(scope, ctx, param)


def _literals(param: ParamSpec) -> list[lsp.CompletionItem]:
    """The written forms of a param's choices (quoted), booleans and a keyframe track."""
    items = [_item(f'"{c}"' if isinstance(c, str) else str(c), Kind.EnumMember,
                   f"`{param.name}` value") for c in (param.choices or ())]
    for item, choice in zip(items, param.choices or ()):
        item.filter_text = str(choice)          # typing `hin` finds `"hinge"`
    if param.type == "bool":
        items += [_item(w, Kind.Keyword, "bool") for w in ("true", "false")]
    if param.track:
        items.append(_item("keys", Kind.Snippet, "a keyframe track: keys { TIME: VALUE, ... }",
                           "keys { 0s: 1, 1s: 1 }"))
    return items


def _names(module: Module, ctx: Context, param: ParamSpec | None) -> list[lsp.CompletionItem]:
    """Params, nodes and imports of `module` that fit the value being written."""
    items = []
    wants_node = param is not None and param.is_input
    for name, decl in module.names.items():
        if name == ctx.node and not ctx.dotted:
            continue
        if isinstance(decl, ast.Use):
            items.append(_item(name, Kind.Module, f"import {decl.path.text}", sort="2"))
        elif isinstance(decl, ast.Param) and not wants_node:
            items.append(_item(name, Kind.Variable, f"param = {expr(decl.default)}", sort="1"))
        elif isinstance(decl, ast.Node) and ctx.key is not None:
            stage = decl.stage.text
            if wants_node and param.stages and stage not in param.stages:
                continue
            detail = f"{stage} {decl.op.text}" + ("" if wants_node else " (write NODE.KEY)")
            items.append(_item(name, Kind.Reference, detail, sort="0" if wants_node else "3"))
    return items


def _scope(module: Module | None, dotted: list[str]) -> Module | ast.Node | None:
    """The module (or node) whose names follow `a.b.`."""
    for part in dotted:
        if module is None:
            return None
        decl = module.names.get(part)
        if isinstance(decl, ast.Use):
            module = module.aliases.get(part)
        elif isinstance(decl, ast.Node) and part == dotted[-1]:
            return decl
        else:
            return None
    return module


def _spec(ctx: Context) -> OpSpec | None:
    op = get_op(ctx.stage, ctx.op) if ctx.stage and ctx.op else None
    return op.spec if op else None


def _item(label: str, kind: Kind, detail: str, insert: str | None = None, doc: str | None = None,
          sort: str = "0") -> lsp.CompletionItem:
    return lsp.CompletionItem(
        label=label, kind=kind, detail=detail, insert_text=insert, sort_text=sort + label,
        documentation=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=doc) if doc else None)
