"""The language's words, read from the Lark grammar (never a copy): keywords, stages, value
tokens and operators."""
from __future__ import annotations

from functools import lru_cache

from gandsl.lang.parse import parser


@lru_cache(maxsize=1)
def terminals() -> dict[str, tuple[str, str]]:
    """Every terminal but the ignored ones: name -> ("str" | "re", its text or pattern)."""
    ignored = set(parser().ignore_tokens)
    return {t.name: (t.pattern.type, t.pattern.value) for t in parser().terminals
            if t.name not in ignored}


def regex(name: str) -> str:
    """A terminal (ignored ones too, like COMMENT) as a regular expression."""
    term = next(t for t in parser().terminals if t.name == name)
    return term.pattern.to_regexp() if term.pattern.type == "str" else term.pattern.value


@lru_cache(maxsize=1)
def keyword_tokens() -> dict[str, str]:
    """The reserved words: token name -> word (`TRAIN` -> `train`), in grammar order."""
    return {n: v for n, (kind, v) in terminals().items() if kind == "str" and v.isalpha()}


def keywords() -> tuple[str, ...]:
    return tuple(keyword_tokens().values())


@lru_cache(maxsize=1)
def value_tokens() -> tuple[str, ...]:
    """Terminals that are a whole value by themselves (`atom: NUMBER | STRING | ...`)."""
    found = []
    for rule in parser().rules:
        if rule.origin.name == "atom" and len(rule.expansion) == 1:
            found.append(rule.expansion[0].name)
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=1)
def operator_tokens() -> tuple[str, ...]:
    """Punctuation and operators (`{`, `..`, `+`, ...): terminals neither keywords nor values."""
    return tuple(n for n in terminals() if n not in keyword_tokens() and n not in value_tokens())


@lru_cache(maxsize=1)
def stage_tokens() -> dict[str, str]:
    """The `_stage` rule's alternatives: token name -> stage word."""
    found: dict[str, str] = {}
    for rule in parser().rules:
        if rule.origin.name == "_stage":
            for symbol in rule.expansion:
                found[symbol.name] = keyword_tokens()[symbol.name]
    return found


def stages() -> tuple[str, ...]:
    """The stage words a node may start with, in grammar order."""
    return tuple(stage_tokens().values())


def statement_words() -> tuple[str, ...]:
    """Words that start a statement: every stage, then `param`, `use`, `about`."""
    words = keyword_tokens()
    return stages() + tuple(words[t] for t in ("PARAM", "USE", "ABOUT") if t in words)
