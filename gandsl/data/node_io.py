"""save/load shared by every data op module (imports numpy only when called)."""
from __future__ import annotations

from pathlib import Path
from typing import Any


def save(value: Any, path: Path) -> None:
    """Write a data node's images without pickle."""
    from gandsl.data.store import save_images

    save_images(value, path)


def load(path: Path) -> Any:
    """A data node's images, memory-mapped (copy-on-write: writes never reach the cache)."""
    from gandsl.data.store import load_images

    return load_images(path)
