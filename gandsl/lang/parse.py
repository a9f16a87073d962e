"""Parse recipe text into a typed recipe; syntax errors become diagnostics in plain words."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from lark import Lark, Token, Tree, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from gandsl.lang import ast
from gandsl.errors import Diagnostic, RecipeError, SourceMap, Span
from gandsl.lang.transform import ToAst

STATEMENT_WORDS = ("data", "model", "train", "walk", "upscale", "stylize", "render", "eval", "param", "use",
                   "about")
WORDS = {
    "NAME": "a name", "NUMBER": "a number", "STRING": "a string", "SIZE": "a size like `3x3`",
    "DOTDOT": "`..`", "$END": "the end of the file",
}

_COMMENTS: list[Token] = []


def grammar_text() -> str:
    """The grammar, from the installed package or the source tree."""
    try:
        return resources.files("gandsl.grammar").joinpath("gandsl.lark").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return (Path(__file__).resolve().parents[2] / "grammar" / "gandsl.lark").read_text("utf-8")


@lru_cache(maxsize=1)
def parser() -> Lark:
    """The LALR parser, built once per process (about 60 ms; lark's disk cache is no faster and
    uses pickle, so it is not used)."""
    options = dict(parser="lalr", start=["start", "set_value"], propagate_positions=True,
                   maybe_placeholders=True,
                   lexer_callbacks={"COMMENT": _COMMENTS.append})
    return Lark(grammar_text(), **options)


def parse(text: str, file: str = "<recipe>") -> ast.Recipe:
    """Parse one recipe; a syntax error raises RecipeError with one diagnostic."""
    text = text[1:] if text.startswith("\ufeff") else text  # a UTF-8 byte order mark
    _COMMENTS.clear()
    try:
        tree = parser().parse(text, start="start")
    except UnexpectedInput as err:
        raise RecipeError(_diagnostic(err, text, file).message,
                          diagnostics=[_diagnostic(err, text, file)],
                          sources=SourceMap({file: text})) from None
    _check_depth(tree, text, file)
    statements = ToAst(file).transform(tree)
    notes = tuple(ast.Comment(str(c).rstrip(), c.line, c.column) for c in _COMMENTS)
    _COMMENTS.clear()
    return ast.Recipe(file, statements, notes)


def parse_value(text: str, file: str) -> ast.Expr:
    """Parse a lone value (the VALUE of `--set NAME=VALUE`); columns count from the text's start."""
    try:
        tree = parser().parse(text, start="set_value")
    except UnexpectedInput as err:
        diag = _diagnostic(err, text, file)
        raise RecipeError(diag.message, diagnostics=[diag], sources=SourceMap({file: text})) from None
    finally:
        _COMMENTS.clear()
    _check_depth(tree, text, file)
    return ToAst(file).transform(tree)


MAX_DEPTH = 150


def _check_depth(tree: Tree, text: str, file: str) -> None:
    """Refuse values nested deeper than MAX_DEPTH (walked without recursion) with E006."""
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            meta = node.meta
            line, col = getattr(meta, "line", 1), getattr(meta, "column", 1)
            span = Span(file, line, col, line, col + 1)
            raise RecipeError("value nested too deeply", code="E006", span=span,
                              label=f"more than {MAX_DEPTH} levels of brackets or operators",
                              help="split the value into params", sources=SourceMap({file: text}))
        stack.extend((child, depth + 1) for child in node.children if isinstance(child, Tree))


def describe_terminal(name: str) -> str:
    """A terminal's name in words, never an internal token name."""
    if name in WORDS:
        return WORDS[name]
    for term in parser().terminals:
        if term.name == name and term.pattern.type == "str":
            return f"`{term.pattern.value}`"
    return name.lower()


def _accepted(err: UnexpectedInput) -> set[str]:
    """The tokens truly acceptable at the error (lark's lookahead sets are merged by LALR)."""
    try:
        return set(err.interactive_parser.accepts())
    except Exception:  # noqa: BLE001 - fall back to lark's own (wider) set
        return set(getattr(err, "expected", ()) or ())


def _expected(names: set[str]) -> str:
    words = {describe_terminal(n) for n in names if n not in ("WS", "COMMENT", "$END")}
    if "a name" in words:  # keywords there are only block keys, i.e. names
        words = {w for w in words if not (w.startswith("`") and w[1:-1].isalpha())}
    words = sorted(words)
    if not words:
        return ""
    if len(words) == 1:
        return f"expected {words[0]}"
    return "expected one of: " + ", ".join(words)


def _span_at(file: str, line: int, col: int, width: int = 1) -> Span:
    return Span(file, line, col, line, col + max(1, width))


def _diagnostic(err: UnexpectedInput, text: str, file: str) -> Diagnostic:
    if isinstance(err, UnexpectedCharacters):
        return _bad_character(err, text, file)
    if isinstance(err, UnexpectedEOF) or (
            isinstance(err, UnexpectedToken) and err.token.type == "$END"):
        return _end_of_file(err, text, file)
    assert isinstance(err, UnexpectedToken)
    tok = err.token
    early = _keys_closed_early(text[:tok.start_pos], file)
    line = text.splitlines()[tok.line - 1].split()
    if early and line and line[0] in STATEMENT_WORDS:
        return early
    what = describe_terminal(tok.type)
    shown = what if what.startswith("`") else f"{what.split(' ', 1)[-1]} `{tok}`"
    span = Span(file, tok.line, tok.column, tok.end_line, tok.end_column)
    expected = _accepted(err)
    return Diagnostic("E001", f"unexpected {shown}", span, _expected(expected) or "not expected here",
                      _token_help(tok, expected, text))


def _token_help(tok: Token, expected: set[str], text: str) -> str | None:
    opened = _unclosed_brace(text[:tok.start_pos])
    line = text.splitlines()[tok.line - 1].split()
    if opened and line and line[0] in STATEMENT_WORDS and opened[0] < tok.line:
        return f"is a `}}` missing? the `{{` opened at {opened[0]}:{opened[1]} is still open here"
    size = re.search(r"\b(\d+) *[xX] *(\d+)\b", text.splitlines()[tok.line - 1])
    if size and " " in size.group(0) and tok.type in ("NAME", "NUMBER"):
        return f"a size is written without spaces: `{size.group(1)}x{size.group(2)}`"
    if "EQUAL" in expected and tok.type in ("LBRACE", "NAME"):
        if opened:  # inside a block: a half-typed entry, not a node
            return "each block entry is written `key = value`"
        return "a node is written `STAGE NAME = OP { ... }`"
    if tok.type == "EQUAL" and "NAME" in expected:
        return "a block entry is written `key = value`"
    if tok.type in ("NUMBER", "NAME", "STRING") and "EQUAL" in expected:
        return "each block entry is written `key = value`"
    return None


def _bad_character(err: UnexpectedCharacters, text: str, file: str) -> Diagnostic:
    char = text[err.pos_in_stream] if err.pos_in_stream < len(text) else ""
    if char == '"':
        line_text = text.splitlines()[err.line - 1] if text.splitlines() else ""
        width = len(line_text) - err.column + 1
        return Diagnostic("E002", "unterminated string", _span_at(file, err.line, err.column, width),
                          "this string has no closing `\"`",
                          "strings end on the same line; write `\\\"` for a quote inside")
    shown = repr(char)[1:-1] if char.isprintable() else f"U+{ord(char):04X}"
    help_ = "there are no semicolons: put each entry on its own line" if char == ";" else None
    return Diagnostic("E003", f"unexpected character `{shown}`",
                      _span_at(file, err.line, err.column), "not part of the recipe language", help_)


def _end_of_file(err: UnexpectedInput, text: str, file: str) -> Diagnostic:
    lines = text.splitlines() or [""]
    line = len(lines)
    col = len(lines[-1]) + 1
    expected = _accepted(err)
    help_ = None
    opened = _unclosed_brace(text)
    early = _keys_closed_early(text, file)
    if early:
        return early
    if opened is not None:
        help_ = f"the `{{` opened at {opened[0]}:{opened[1]} is never closed"
    return Diagnostic("E004", "unexpected end of file", _span_at(file, line, col),
                      _expected(expected) or "the recipe stops here", help_)


def _unclosed_brace(text: str) -> tuple[int, int] | None:
    """The line and column of the innermost `{` left open, if any."""
    stack, _pairs = _braces(text)
    return stack[-1] if stack else None


def _braces(text: str) -> tuple[list[tuple[int, int]], list[tuple[tuple[int, int], tuple[int, int]]]]:
    """The `{` still open, and the (open, close) positions of each matched pair."""
    stack: list[tuple[int, int]] = []
    pairs = []
    for lineno, line in enumerate(text.splitlines(), 1):
        in_str = False
        for col, ch in enumerate(line, 1):
            if ch == '"' and (col == 1 or line[col - 2] != "\\"):
                in_str = not in_str
            elif in_str:
                continue
            elif ch == "#":
                break
            elif ch == "{":
                stack.append((lineno, col))
            elif ch == "}" and stack:
                pairs.append((stack.pop(), (lineno, col)))
    return stack, pairs


def _keys_closed_early(text: str, file: str) -> Diagnostic | None:
    """When a `keys {` inside the open block took the `}` that looks like the block's end,
    the error points at that `keys {`."""
    stack, pairs = _braces(text)
    if not stack:
        return None
    lines = text.splitlines()
    block_line = lines[stack[-1][0] - 1]
    indent = len(block_line) - len(block_line.lstrip())
    for (ol, oc), (cl, cc) in pairs:
        is_keys = lines[ol - 1][:oc - 1].rstrip().endswith("keys")
        alone = lines[cl - 1].strip().startswith("}") and cc <= indent + 1
        if (ol, oc) > stack[-1] and is_keys and alone:
            return Diagnostic("E007", "a `keys {` track is not closed", _span_at(file, ol, oc),
                              "this `{` has no `}` of its own",
                              f"the `}}` at {cl}:{cc} closes this track, so the block opened at "
                              f"{stack[-1][0]}:{stack[-1][1]} stays open; add a `}}` to the track")
    return None

