"""Colours written in recipes (cheap: checked by `gandsl check`, so no numpy)."""
from __future__ import annotations

import re

NAMED = {"black": (0, 0, 0), "white": (255, 255, 255), "gray": (128, 128, 128),
         "grey": (128, 128, 128)}


def parse_color(text: str) -> tuple[int, int, int] | None:
    """`#rrggbb`, `#rgb` or black/white/gray as RGB, or None when it is none of those."""
    text = text.strip().lower()
    if text in NAMED:
        return NAMED[text]
    if re.fullmatch(r"#[0-9a-f]{3}", text):
        return tuple(int(c * 2, 16) for c in text[1:])  # type: ignore[return-value]
    if re.fullmatch(r"#[0-9a-f]{6}", text):
        return tuple(int(text[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
    return None
