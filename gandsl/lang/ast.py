"""The typed recipe: frozen dataclasses for every construct of SPEC §2, each with its Span.

Spans (and the written text of numbers and strings) are excluded from equality, so two
recipes compare equal when they mean the same thing however they are laid out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from gandsl.errors import Span

NOSPAN = Span("<none>", 0, 0, 0, 0)


def _span() -> Span:
    return field(default=NOSPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Name:
    """An identifier as written, with its span."""

    text: str
    span: Span = _span()


@dataclass(frozen=True)
class Number:
    """A number; suffix is None, 'k', 's', 'ms' or 'f'."""

    value: int | float
    suffix: str | None = None
    text: str = field(default="", compare=False)
    span: Span = _span()


@dataclass(frozen=True)
class String:
    """A string literal (value decoded; text as written)."""

    value: str
    text: str = field(default="", compare=False)
    span: Span = _span()


@dataclass(frozen=True)
class Bool:
    """`true` or `false`."""

    value: bool
    span: Span = _span()


@dataclass(frozen=True)
class SizeLit:
    """A size `WxH`."""

    w: int
    h: int
    span: Span = _span()


@dataclass(frozen=True)
class Ref:
    """A reference: NAME, ALIAS.NAME, NODE.KEY or ALIAS.NODE.KEY."""

    parts: tuple[Name, ...]
    span: Span = _span()

    @property
    def dotted(self) -> str:
        return ".".join(p.text for p in self.parts)


@dataclass(frozen=True)
class BinOp:
    """Arithmetic: op is one of + - * /."""

    op: str
    left: "Expr"
    right: "Expr"
    span: Span = _span()


@dataclass(frozen=True)
class Neg:
    """Unary minus."""

    operand: "Expr"
    span: Span = _span()


@dataclass(frozen=True)
class RangeLit:
    """An integer range `LO..HI` (both ends included) or `LO..<HI` (end excluded)."""

    lo: "Expr"
    hi: "Expr"
    exclusive: bool = False
    span: Span = _span()


@dataclass(frozen=True)
class ListLit:
    """A list `[a, b, c]`."""

    items: tuple["Expr", ...]
    span: Span = _span()


@dataclass(frozen=True)
class KeyframeLit:
    """One keyframe `TIME: VALUE [ease NAME]`."""

    time: "Expr"
    value: "Expr"
    ease: Name | None = None
    span: Span = _span()


@dataclass(frozen=True)
class TrackLit:
    """A keyframe track `keys { ... }`."""

    keys: tuple[KeyframeLit, ...]
    span: Span = _span()


Expr = Union[Number, String, Bool, SizeLit, Ref, BinOp, Neg, RangeLit, ListLit, TrackLit]


@dataclass(frozen=True)
class Entry:
    """A block entry `key = value`."""

    key: Name
    value: Expr
    span: Span = _span()


@dataclass(frozen=True)
class Version:
    """The `gandsl N` header."""

    number: Number
    span: Span = _span()


@dataclass(frozen=True)
class About:
    """The `about { ... }` metadata block."""

    entries: tuple[Entry, ...]
    span: Span = _span()


@dataclass(frozen=True)
class Param:
    """`param NAME [: TYPE] = DEFAULT [in LO..HI] ["help"]`."""

    name: Name
    type: Name | None
    default: Expr
    lo: Expr | None = None
    hi: Expr | None = None
    help: String | None = None
    span: Span = _span()
    exclusive: bool = False


@dataclass(frozen=True)
class Use:
    """`use "PATH.gan" as ALIAS`."""

    path: String
    alias: Name
    span: Span = _span()


@dataclass(frozen=True)
class Node:
    """`STAGE NAME = OP { entries }`."""

    stage: Name
    name: Name
    op: Name
    entries: tuple[Entry, ...]
    span: Span = _span()


Statement = Union[Version, About, Param, Use, Node]


@dataclass(frozen=True)
class Comment:
    """A `# ...` comment: its text (with the `#`) and position."""

    text: str
    line: int
    col: int


@dataclass(frozen=True)
class Recipe:
    """A parsed recipe file: its statements in order and every comment."""

    file: str = field(compare=False)
    statements: tuple[Statement, ...]
    comments: tuple[Comment, ...] = field(default=(), compare=False)
