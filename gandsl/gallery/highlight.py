"""Syntax highlighting of recipe source as HTML spans (a small Pygments lexer for gandsl)."""
from __future__ import annotations

from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import RegexLexer, bygroups, words
from pygments.token import (Comment, Keyword, Name, Number, Operator, Punctuation, String,
                            Text, Whitespace)

from gandsl.spec import RECIPE_PARAM_TYPES, STAGES

KEYWORDS = ("gandsl", "about", "param", "use", "as", "in", "keys")
TYPES = RECIPE_PARAM_TYPES
IDENT = r"[A-Za-z_][A-Za-z0-9_]*"


class GandslLexer(RegexLexer):
    """Tokens of a gandsl recipe: comments, strings, numbers with units, keywords, stages."""

    name = "gandsl"
    aliases = ["gandsl", "gan"]
    filenames = ["*.gan"]

    tokens = {
        "root": [
            (r"\s+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"(\\\\|\\"|[^"\n])*"', String.Double),
            (rf"({'|'.join(STAGES)})(\s+)({IDENT})(\s*)(=)(\s*)({IDENT})",
             bygroups(Keyword.Declaration, Whitespace, Name.Function, Whitespace, Operator,
                      Whitespace, Name.Class)),
            (rf"(param)(\s+)({IDENT})", bygroups(Keyword, Whitespace, Name.Variable)),
            (rf"(:)(\s*)({'|'.join(TYPES)})\b", bygroups(Punctuation, Whitespace, Keyword.Type)),
            (rf"(ease)(\s+)({IDENT})", bygroups(Keyword, Whitespace, Name.Constant)),
            (words(KEYWORDS, suffix=r"\b"), Keyword),
            (words(("true", "false"), suffix=r"\b"), Keyword.Constant),
            (r"\d+x\d+\b", Number),
            (r"\d+(\.\d*)?([eE][-+]?\d+)?(k|ms|s|f)?\b", Number),
            (r"\.\.", Operator),
            (rf"({IDENT})(\s*)(=)", bygroups(Name.Attribute, Whitespace, Operator)),
            (IDENT, Name),
            (r"[=+\-*/]", Operator),
            (r"[{}\[\](),:.]", Punctuation),
            (r".", Text),
        ],
    }


def highlight(source: str) -> str:
    """The recipe source as HTML-escaped text with `<span class=...>` around each token."""
    formatter = HtmlFormatter(nowrap=True)
    return pygments_highlight(source, GandslLexer(stripnl=False), formatter)
