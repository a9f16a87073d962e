"""The language's words, read from the Lark grammar (never a copy): keywords, stages, operators."""
from __future__ import annotations

from functools import lru_cache

from gandsl.lang.parse import parser


@lru_cache(maxsize=1)
def terminals() -> dict[str, str]:
    """Every literal terminal of the grammar: token name -> its text (`TRAIN` -> `train`)."""
    return {t.name: t.pattern.value for t in parser().terminals if t.pattern.type == "str"}


@lru_cache(maxsize=1)
def patterns() -> dict[str, str]:
    """Every regular-expression terminal: token name -> its pattern (`NUMBER` -> `\\d+...`)."""
    return {t.name: t.pattern.value for t in parser().terminals if t.pattern.type == "re"}


@lru_cache(maxsize=1)
def keywords() -> tuple[str, ...]:
    """The reserved words (`about`, `train`, `true`, ...), in grammar order."""
    return tuple(v for v in terminals().values() if v.isalpha())


@lru_cache(maxsize=1)
def operators() -> tuple[str, ...]:
    """The punctuation and operators (`{`, `..`, `+`, ...), in grammar order."""
    return tuple(v for v in terminals().values() if not v.isalpha())


@lru_cache(maxsize=1)
def stage_tokens() -> dict[str, str]:
    """The `_stage` rule's alternatives: token name -> stage word."""
    words = terminals()
    found: dict[str, str] = {}
    for rule in parser().rules:
        if rule.origin.name == "_stage":
            for symbol in rule.expansion:
                found[symbol.name] = words[symbol.name]
    return found


def stages() -> tuple[str, ...]:
    """The stage words a node may start with, in grammar order."""
    return tuple(stage_tokens().values())


def statement_words() -> tuple[str, ...]:
    """Words that start a statement: every stage, then `param`, `use`, `about`."""
    words = terminals()
    return stages() + tuple(words[t] for t in ("PARAM", "USE", "ABOUT") if t in words)
