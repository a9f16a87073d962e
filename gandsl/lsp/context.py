"""Where the cursor is, for completion: read from the grammar's own lexer (the text being typed
rarely parses), e.g. "a value for `model` inside `train run = gan { ... }`"."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lark import Token
from lark.exceptions import UnexpectedCharacters

from gandsl.lang.parse import parser
from gandsl.lsp import words

WORD = re.compile(r"((?:[A-Za-z_]\w*\.)*)([A-Za-z_]\w*)?$")
CLOSERS = ("RBRACE", "RSQB", "RPAR")


@dataclass
class Context:
    """kind: statement | node_name | op | type | key | value | ease | path (of a `use`) | none.

    In a block, `stage`/`node`/`op` name it (`about` for the about block) and `given` holds the
    keys it sets; for a value, `key` is the key being set (None for a param's default). `dotted`
    holds the reference parts before the word (`base.` -> ["base"]); `in_string` is true inside
    quotes."""

    kind: str
    partial: str = ""
    stage: str | None = None
    node: str | None = None
    op: str | None = None
    key: str | None = None
    given: set[str] = field(default_factory=set)
    dotted: list[str] = field(default_factory=list)
    in_string: bool = False


def lex(text: str) -> list[Token]:
    """The grammar's tokens; a character that cannot start a token (an open string) is blanked."""
    for _ in range(50):
        found: list[Token] = []
        try:
            found.extend(parser().lex(text))
            return found
        except UnexpectedCharacters as err:
            pos = err.pos_in_stream
            end = text.find("\n", pos) if text[pos] == '"' else pos + 1
            end = len(text) if end < 0 else end
            text = text[:pos] + " " * (end - pos) + text[end:]
    return found


@lru_cache(maxsize=1)
def _header() -> re.Pattern:
    """A line starting a statement at column 0 (`train t = gan`, `param p`, `use "`, `about {`)."""
    kw = words.keyword_tokens()
    stages = "|".join(words.stages())
    return re.compile(rf'^(?:(?:{stages})\s+\w+\s*=\s*\w+|{kw["PARAM"]}\s+\w|{kw["USE"]}\s+"|'
                      rf'{kw["ABOUT"]}\s*{{|{kw["GANDSL"]}\b)', re.M)


def window(text: str, offset: int) -> tuple[int, int]:
    """The lines around `offset` from the statement that holds it to the next statement: lexing
    only them keeps completion fast in long recipes."""
    line_start = text.rfind("\n", 0, offset) + 1
    begin = 0
    for match in _header().finditer(text, 0, line_start + 1):
        begin = match.start()
    line_end = text.find("\n", offset)
    after = _header().search(text, line_end + 1) if line_end >= 0 else None
    return begin, after.start() if after else len(text)


def _line_state(line: str) -> tuple[str, int | None]:
    """("code" | "string" | "comment", the column of the open quote) at the end of a line prefix."""
    quote = None
    i = 0
    while i < len(line):
        ch = line[i]
        if quote is not None:
            if ch == "\\":
                i += 1
            elif ch == '"':
                quote = None
        elif ch == '"':
            quote = i
        elif ch == "#":
            return "comment", None
        i += 1
    return ("string", quote) if quote is not None else ("code", None)


def context(text: str, offset: int) -> Context:
    """The completion context at `offset` of `text`."""
    line_start = text.rfind("\n", 0, offset) + 1
    prefix = text[line_start:offset]
    state, quote = _line_state(prefix)
    if state == "comment":
        return Context("none")
    if state == "string":
        ctx = _scan_window(text, line_start + quote, offset)
        ctx.partial, ctx.in_string = prefix[quote + 1:], True
        return ctx if ctx.kind in ("value", "path") else Context("none")
    match = WORD.search(prefix)
    start = offset - len(match.group(0))
    if start > line_start and (text[start - 1].isalnum() or text[start - 1] in "_\""):
        return Context("none")              # a number's suffix (`4s`, `3x3`) or after a string
    ctx = _scan_window(text, start, offset)
    ctx.partial = match.group(2) or ""
    ctx.dotted = [p for p in match.group(1).split(".") if p]
    if ctx.dotted and ctx.kind != "value":
        return Context("none")
    return ctx


def _scan_window(text: str, start: int, offset: int) -> Context:
    begin, end = window(text, offset)
    return _scan(lex(text[begin:end]), start - begin, offset - begin)


@dataclass
class _Block:
    """The block being scanned: a node's header, or `about`."""

    stage: str | None = None
    node: str | None = None
    op: str | None = None
    depth: int = 0                        # `keys { ... }` braces open inside it
    key: str | None = None
    given: set[str] = field(default_factory=set)


def _scan(tokens: list[Token], start: int, offset: int) -> Context:
    """The context after the tokens that end before `start`."""
    before = [t for t in tokens if t.end_pos <= start]
    block = None
    for i, tok in enumerate(before):
        block = _step(block, before, i)
    if block is not None:
        _keys_after(block, [t for t in tokens if t.start_pos >= offset])
    return _classify(block, before)


def _step(block: _Block | None, before: list[Token], i: int) -> _Block | None:
    """The block state after token i."""
    tok = before[i]
    if tok.type == "LBRACE":
        if block is not None:
            block.depth += 1
            return block
        head = before[max(0, i - 4):i]
        if len(head) == 4 and head[0].type in words.stage_tokens() and head[2].type == "EQUAL":
            return _Block(str(head[0]), str(head[1]), str(head[3]))
        return _Block("about" if i and before[i - 1].type == "ABOUT" else None)
    if tok.type == "RBRACE" and block is not None:
        if not block.depth:
            return None
        block.depth -= 1
    elif tok.type == "EQUAL" and block is not None and not block.depth and i:
        block.key = str(before[i - 1])
        block.given.add(block.key)
    return block


def _keys_after(block: _Block, after: list[Token]) -> None:
    """Add the keys the block sets after the cursor."""
    depth = 0
    for i, tok in enumerate(after):
        if tok.type == "LBRACE":
            depth += 1
        elif tok.type == "RBRACE":
            if not depth:
                return
            depth -= 1
        elif tok.type == "EQUAL" and not depth and i:
            block.given.add(str(after[i - 1]))


def _classify(block: _Block | None, before: list[Token]) -> Context:
    """What may be written next, from the last tokens."""
    last = before[-1].type if before else None
    stages = words.stage_tokens()
    if block is None:
        types = [t.type for t in before[-3:]]
        if len(types) == 3 and types[0] in stages and types[2] == "EQUAL":
            return Context("op", stage=str(before[-3]))
        if last in stages:
            return Context("node_name")
        if last == "USE":
            return Context("path")
        if last == "COLON" and len(before) > 2 and before[-3].type == "PARAM":
            return Context("type")
        if last in ("PARAM", "USE", "AS", "GANDSL") or (last == "NAME" and len(before) > 1
                                                        and before[-2].type in ("PARAM", "AS")):
            return Context("none")
        return Context("value") if _expects_value(last, False) else Context("statement")
    ctx = Context("key", stage=block.stage, node=block.node, op=block.op, given=block.given)
    if last == "EASE":
        ctx.kind = "ease"
    elif _expects_value(last, block.depth > 0):
        ctx.kind, ctx.key = "value", block.key
    return ctx


def _expects_value(last: str | None, in_track: bool) -> bool:
    """Whether the token before the cursor must be followed by a value."""
    if last is None:
        return False
    if last == "LBRACE":
        return in_track
    return last == "IN" or (last in words.operator_tokens() and last not in CLOSERS)
