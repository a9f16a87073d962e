"""Lark parse tree -> typed recipe (gandsl.lang.ast), keeping a Span on every piece."""
from __future__ import annotations

import re
from typing import Any

from lark import Token, Transformer, Tree

from gandsl.lang import ast
from gandsl.errors import Span

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "0": "\0"}


def decode_string(text: str) -> str:
    """The value of a string literal written with its quotes; unknown escapes stay as written."""
    def one(m: re.Match) -> str:
        return ESCAPES.get(m.group(1), "\\" + m.group(1))
    return re.sub(r"\\(.)", one, text[1:-1])


def number_value(text: str) -> tuple[int | float, str | None]:
    """A number token's value and suffix: `20k` -> (20, 'k'), `2e-4` -> (0.0002, None)."""
    m = re.fullmatch(r"(.*?)(ms|k|s|f)?", text)
    body, suffix = m.group(1), m.group(2)
    value: int | float = int(body) if body.isdigit() else float(body)
    return value, suffix


class ToAst(Transformer):
    """Builds gandsl.lang.ast dataclasses; needs a parse tree made with propagate_positions."""

    def __init__(self, file: str) -> None:
        super().__init__()
        self.file = file

    def _span(self, item: Any) -> Span:
        if isinstance(item, Token):
            return Span(self.file, item.line, item.column, item.end_line, item.end_column)
        if isinstance(item, Tree):
            m = item.meta
            return Span(self.file, m.line, m.column, m.end_line, m.end_column)
        return item.span

    def _join(self, first: Any, last: Any) -> Span:
        a, b = self._span(first), self._span(last)
        return Span(self.file, a.line, a.col, b.end_line, b.end_col)

    def _name(self, tok: Token) -> ast.Name:
        return ast.Name(str(tok), self._span(tok))

    def start(self, items: list) -> tuple:
        return tuple(i for i in items if i is not None)

    def set_value(self, items: list) -> ast.Expr:
        return items[0]

    def version(self, items: list) -> ast.Version:
        return ast.Version(self.number([items[1]]), self._join(items[0], items[1]))

    def about(self, items: list) -> ast.About:
        return ast.About(tuple(items[2:-1]), self._join(items[0], items[-1]))

    def param(self, items: list) -> ast.Param:
        kw, name, _c, typ, _eq, default, _in, lo, dots, hi, help_ = items
        last = next(x for x in (help_, hi, default) if x is not None)
        return ast.Param(self._name(name), self._name(typ) if typ else None, default, lo, hi,
                         self.string([help_]) if help_ else None, self._join(kw, last),
                         exclusive=dots is not None and str(dots) == "..<")

    def use(self, items: list) -> ast.Use:
        return ast.Use(self.string([items[1]]), self._name(items[3]), self._join(items[0], items[3]))

    def node(self, items: list) -> ast.Node:
        stage, name, _eq, op, _lb, *entries, rb = items
        return ast.Node(self._name(stage), self._name(name), self._name(op), tuple(entries),
                        self._join(stage, rb))

    def entry(self, items: list) -> ast.Entry:
        return ast.Entry(self._name(items[0]), items[2], self._join(items[0], items[2]))

    def range(self, items: list) -> ast.RangeLit:
        return ast.RangeLit(items[0], items[2], str(items[1]) == "..<",
                            self._join(items[0], items[2]))

    def binop(self, items: list) -> ast.BinOp:
        left, op, right = items
        return ast.BinOp(str(op), left, right, self._join(left, right))

    def neg(self, items: list) -> ast.Expr:
        return ast.Neg(items[1], self._join(items[0], items[1]))

    def number(self, items: list) -> ast.Number:
        value, suffix = number_value(str(items[0]))
        return ast.Number(value, suffix, str(items[0]), self._span(items[0]))

    def string(self, items: list) -> ast.String:
        return ast.String(decode_string(str(items[0])), str(items[0]), self._span(items[0]))

    def true(self, items: list) -> ast.Bool:
        return ast.Bool(True, self._span(items[0]))

    def false(self, items: list) -> ast.Bool:
        return ast.Bool(False, self._span(items[0]))

    def size(self, items: list) -> ast.SizeLit:
        w, h = str(items[0]).split("x")
        return ast.SizeLit(int(w), int(h), self._span(items[0]))

    def ref(self, items: list) -> ast.Ref:
        names = tuple(self._name(t) for t in items if t.type == "NAME")
        return ast.Ref(names, self._join(items[0], items[-1]))

    def list(self, items: list) -> ast.ListLit:
        values = tuple(i for i in items[1:-1] if i is not None and not isinstance(i, Token))
        return ast.ListLit(values, self._join(items[0], items[-1]))

    def track(self, items: list) -> ast.TrackLit:
        keys = tuple(i for i in items if isinstance(i, ast.KeyframeLit))
        return ast.TrackLit(keys, self._join(items[0], items[-1]))

    def keyframe(self, items: list) -> ast.KeyframeLit:
        time, _colon, value, _ease, easing = items
        last = easing if easing is not None else value
        name = None
        if easing is not None:
            text = decode_string(str(easing)) if easing.type == "STRING" else str(easing)
            name = ast.Name(text, self._span(easing))
        return ast.KeyframeLit(time, value, name, self._join(time, last))

    def paren(self, items: list) -> ast.Expr:
        return items[1]
