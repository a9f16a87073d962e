"""The canonical layout of a recipe: 2-space indent, aligned `=`, every comment kept."""
from __future__ import annotations

import json
from typing import Any

from gandsl.lang import ast
from gandsl.lang.parse import parse

INDENT = "  "
PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def format_text(text: str, file: str = "<recipe>") -> str:
    """The recipe in canonical layout; a syntax error raises RecipeError."""
    return format_recipe(parse(text, file))


def format_recipe(recipe: ast.Recipe) -> str:
    """Print a parsed recipe with its comments."""
    return Printer(recipe.comments).recipe(recipe)


def string_text(s: ast.String) -> str:
    """A string literal as written, or escaped from its value."""
    return s.text or json.dumps(s.value, ensure_ascii=False)


def number_text(n: ast.Number) -> str:
    return n.text or f"{n.value}{n.suffix or ''}"


def precedence(e: Any) -> int:
    if isinstance(e, ast.BinOp):
        return PRECEDENCE[e.op]
    if isinstance(e, ast.Neg):
        return 3
    return 4


def expr(e: Any) -> str:
    """An expression in canonical spacing, with only the parentheses it needs."""
    if isinstance(e, ast.Number):
        return number_text(e)
    if isinstance(e, ast.String):
        return string_text(e)
    if isinstance(e, ast.Bool):
        return "true" if e.value else "false"
    if isinstance(e, ast.SizeLit):
        return f"{e.w}x{e.h}"
    if isinstance(e, ast.Ref):
        return e.dotted
    if isinstance(e, ast.ListLit):
        return "[" + ", ".join(expr(i) for i in e.items) + "]"
    if isinstance(e, ast.RangeLit):
        return f"{expr(e.lo)}{'..<' if e.exclusive else '..'}{expr(e.hi)}"
    if isinstance(e, ast.TrackLit):
        return "keys { " + ", ".join(keyframe(k) for k in e.keys) + " }" if e.keys else "keys {}"
    if isinstance(e, ast.Neg):
        return "-" + _wrap(e.operand, precedence(e.operand) < 3)
    p = PRECEDENCE[e.op]
    left = _wrap(e.left, precedence(e.left) < p)
    right = _wrap(e.right, precedence(e.right) <= p)
    return f"{left} {e.op} {right}"


def _wrap(e: Any, parens: bool) -> str:
    return f"({expr(e)})" if parens else expr(e)


def keyframe(k: ast.KeyframeLit) -> str:
    tail = f" ease {k.ease.text}" if k.ease else ""
    return f"{expr(k.time)}: {expr(k.value)}{tail}"


def one_line(stmt: Any) -> str:
    """A single-line statement: version, use or param."""
    if isinstance(stmt, ast.Version):
        return f"gandsl {number_text(stmt.number)}"
    if isinstance(stmt, ast.Use):
        return f"use {string_text(stmt.path)} as {stmt.alias.text}"
    text = f"param {stmt.name.text}"
    text += f": {stmt.type.text}" if stmt.type else ""
    text += f" = {expr(stmt.default)}"
    if stmt.lo is not None and stmt.hi is not None:
        text += f" in {expr(stmt.lo)}{'..<' if stmt.exclusive else '..'}{expr(stmt.hi)}"
    return text + (f" {string_text(stmt.help)}" if stmt.help else "")


class Printer:
    """Prints statements in order, placing each comment by the line it was on."""

    def __init__(self, comments: tuple[ast.Comment, ...]) -> None:
        self.queue = sorted(comments, key=lambda c: (c.line, c.col))
        self.out: list[str] = []

    def take_before(self, line: int) -> list[ast.Comment]:
        """Pop the comments on lines before `line`."""
        taken = []
        while self.queue and self.queue[0].line < line:
            taken.append(self.queue.pop(0))
        return taken

    def take_on(self, line: int) -> ast.Comment | None:
        """Pop the comment on `line`, if any (it ends the line)."""
        if self.queue and self.queue[0].line == line:
            return self.queue.pop(0)
        return None

    def emit(self, indent: str, text: str, trailing: ast.Comment | None = None) -> None:
        self.out.append(indent + text + (f"  {trailing.text}" if trailing else ""))

    def comments(self, indent: str, comments: list[ast.Comment]) -> None:
        """Own-line comments; a blank line between two of them is kept."""
        for before, c in zip([None, *comments], comments):
            if before is not None and c.line > before.line + 1:
                self.out.append("")
            self.out.append(indent + c.text)

    def recipe(self, recipe: ast.Recipe) -> str:
        previous: Any = None
        for stmt in recipe.statements:
            if previous is not None and not _grouped(previous, stmt):
                self.out.append("")
            self.comments("", self.take_before(stmt.span.line))
            if isinstance(stmt, (ast.About, ast.Node)):
                self.block(stmt)
            else:
                self.item("", one_line(stmt), stmt.span)
            previous = stmt
        rest = self.take_before(10**9)
        if rest and self.out:
            self.out.append("")
        self.comments("", rest)
        return "\n".join(self.out) + "\n" if self.out else ""

    def item(self, indent: str, text: str, span: Any) -> None:
        """A single-line item: comments inside it go above, the one on its last line after it."""
        self.comments(indent, self.take_before(span.end_line))
        self.emit(indent, text, self.take_on(span.end_line))

    def block(self, stmt: ast.About | ast.Node) -> None:
        header = "about {" if isinstance(stmt, ast.About) else \
            f"{stmt.stage.text} {stmt.name.text} = {stmt.op.text} {{"
        span = stmt.span
        inside = [c for c in self.queue if c.line < span.end_line]
        if not stmt.entries and not inside:
            self.emit("", header + "}", self.take_on(span.end_line))
            return
        first = stmt.entries[0].span.line if stmt.entries else span.end_line
        self.emit("", header, self.take_on(span.line) if first > span.line else None)
        width = max((len(e.key.text) for e in stmt.entries), default=0)
        for entry in stmt.entries:
            self.comments(INDENT, self.take_before(entry.span.line))
            self.item(INDENT, f"{entry.key.text.ljust(width)} = {expr(entry.value)}", entry.span)
        self.comments(INDENT, self.take_before(span.end_line))
        self.emit("", "}", self.take_on(span.end_line))


def _grouped(previous: Any, stmt: Any) -> bool:
    """Consecutive params (or uses) sit on adjacent lines; other statements get a blank line."""
    return type(previous) is type(stmt) and isinstance(stmt, (ast.Param, ast.Use))
