"""Housekeeping of a FileStore: listing, LRU garbage collection, stale temporary folders."""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from gandsl.engine.store import MANIFEST, EntryInfo

if TYPE_CHECKING:
    from gandsl.engine.store import FileStore

_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9,
          "gb": 10**9, "t": 10**12, "tb": 10**12, "kib": 2**10, "mib": 2**20, "gib": 2**30,
          "tib": 2**40}


def parse_size(text: str) -> int:
    """Bytes in a size such as `2GB`, `500 MiB`, `1e9`; ValueError if unreadable."""
    m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+(?:e[0-9]+)?)\s*([a-z]*)\s*", text.lower())
    if not m or m.group(2) not in _UNITS:
        raise ValueError(f"not a size: {text!r} (try 500MB or 2GB)")
    return int(float(m.group(1)) * _UNITS[m.group(2)])


def format_size(n: float) -> str:
    """A byte count for people: 1.5 MB."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"


def folder_size(path: Path) -> int:
    """Total bytes of the files under a folder."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _object_info(path: Path) -> EntryInfo:
    try:
        manifest = json.loads((path / MANIFEST).read_text())
        accessed = (path / MANIFEST).stat().st_mtime
        return EntryInfo(path.name, "entry", manifest.get("node", ""), manifest.get("op", ""),
                         int(manifest.get("size", 0)), accessed)
    except (OSError, ValueError):
        return EntryInfo(path.name, "broken", "", "", folder_size(path), 0.0)


def _work_info(path: Path) -> EntryInfo:
    files = [p for p in path.rglob("*") if p.is_file()]
    accessed = max([path.stat().st_mtime] + [p.stat().st_mtime for p in files])
    return EntryInfo(path.name, "work", "", "", sum(p.stat().st_size for p in files), accessed)


def list_items(root: Path) -> list[EntryInfo]:
    """Entries and work folders of a store, least recently used first."""
    items = [_object_info(p) for p in sorted((root / "objects").glob("*/*")) if p.is_dir()]
    items += [_work_info(p) for p in sorted((root / "work").glob("*")) if p.is_dir()]
    return sorted(items, key=lambda i: i.accessed)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale_tmp(root: Path) -> int:
    """Remove temporary folders left by killed writers; return how many."""
    removed = 0
    for path in (root / "tmp").glob("*"):
        parts = path.name.split(".")
        pid = int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else None
        if pid is not None and pid != os.getpid() and not _pid_alive(pid):
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
    return removed


def collect(store: "FileStore", max_bytes: int) -> list[EntryInfo]:
    """Evict least recently used entries and work folders until the total fits max_bytes."""
    remove_stale_tmp(store.root)
    items = list_items(store.root)
    total = sum(i.size for i in items)
    evicted = []
    for item in items:
        if total <= max_bytes:
            break
        if item.kind == "work":
            store._rmtree(store.root / "work" / item.key)
        else:
            store.remove(item.key)
        total -= item.size
        evicted.append(item)
    return evicted
