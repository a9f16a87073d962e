"""Params every trainer on the shared step loop has (gan/loop.py): previews and checkpoints (no torch)."""
from __future__ import annotations

from gandsl.spec import ParamSpec


def loop_params(preview: str, preview_every: int, checkpoint_every: int) -> tuple[ParamSpec, ...]:
    """`preview_every` (writing `preview`) and `checkpoint_every`, neither of them keyed."""
    return (
        ParamSpec("preview_every", "int", preview_every, f"write {preview} every N steps (0: never)",
                  lo=0, keyed=False),
        ParamSpec("checkpoint_every", "int", checkpoint_every, "save a resumable checkpoint every N steps",
                  lo=1, keyed=False),
    )
