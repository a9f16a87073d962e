"""Housekeeping of a FileStore, apart from the runtime Store interface: ls, LRU gc, clear."""
from __future__ import annotations

import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from gandsl.engine.layout import Layout
from gandsl.engine.store import MANIFEST, FileStore, host_tag

_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9,
          "gb": 10**9, "t": 10**12, "tb": 10**12, "kib": 2**10, "mib": 2**20, "gib": 2**30,
          "tib": 2**40}


@dataclass(frozen=True)
class EntryInfo:
    """One line of `cache ls`."""

    key: str
    kind: str
    node: str
    op: str
    size: int
    accessed: float


def parse_size(text: str) -> int:
    """Bytes in a size such as `2GB`, `500 MiB`, `1e9`; ValueError if unreadable."""
    m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+(?:e[0-9]+)?)\s*([a-z]*)\s*", text.lower())
    if not m or m.group(2) not in _UNITS:
        raise ValueError(f"not a size: {text!r} (try 500MB or 2GB)")
    value = float(m.group(1)) * _UNITS[m.group(2)]
    if not value < 2**63:  # also inf (1e999)
        raise ValueError(f"size too large: {text!r} (at most 9 EB)")
    return int(value)


def format_size(n: float) -> str:
    """A byte count for people: 1.5 MB."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"


def _files(path: Path) -> list[tuple[int, float]]:
    """(size, mtime) of every file under a folder; files vanishing meanwhile are left out."""
    found = []
    for folder, _, names in os.walk(path):  # os.walk ignores folders that vanish
        for name in names:
            try:
                st = os.stat(os.path.join(folder, name), follow_symlinks=False)
            except OSError:
                continue
            found.append((st.st_size, st.st_mtime))
    return found


def folder_size(path: Path) -> int:
    """Total bytes of the files under a folder (files vanishing meanwhile count 0)."""
    return sum(size for size, _ in _files(path))


def held(root: Path, key: str) -> bool:
    """Whether a live process holds the per-key lock of `key` (an entry or a work folder)."""
    from filelock import FileLock, Timeout

    path = Layout(root).lock(key)
    if not path.exists():
        return False
    try:
        with FileLock(path, timeout=0):
            return False
    except Timeout:
        return True


def _object_info(path: Path) -> EntryInfo:
    try:
        manifest = json.loads((path / MANIFEST).read_text())
        accessed = (path / MANIFEST).stat().st_mtime
        node, op, size = manifest["node"], manifest["op"], manifest["size"]
        if not (isinstance(node, str) and isinstance(op, str) and isinstance(size, int)):
            raise ValueError("wrong shape")
        return EntryInfo(path.name, "entry", node, op, size, accessed)
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        return EntryInfo(path.name, "broken", "", "", folder_size(path), 0.0)


def _work_info(path: Path) -> EntryInfo:
    files = _files(path)
    try:
        accessed = max([path.stat().st_mtime] + [mtime for _, mtime in files])
    except OSError:  # removed while we looked
        accessed = 0.0
    return EntryInfo(path.name, "work", "", "", sum(size for size, _ in files), accessed)


def list_items(root: Path) -> list[EntryInfo]:
    """Entries and work folders of a store, least recently used first."""
    layout = Layout(root)
    items = [_object_info(p) for p in sorted(layout.objects.glob("*/*")) if p.is_dir()]
    items += [_work_info(p) for p in sorted(layout.work.glob("*")) if p.is_dir()]
    return sorted(items, key=lambda i: i.accessed)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


OTHER_HOST_STALE_S = 24 * 3600  # another machine's temporary folder: judged by age alone


def _stale(path: Path) -> bool:
    """Whether a temporary folder was left by a writer that is gone: a dead process of this
    machine (`KEY.PID@HOST.x`; old names without @HOST count as this machine's), or one of
    another machine sharing the cache that has not been touched for a day."""
    parts = path.name.split(".")
    pid_text, _, host = parts[1].partition("@") if len(parts) > 2 else ("", "", "")
    if not pid_text.isdigit():
        return False
    if host and host != host_tag():  # a PID of another machine says nothing here
        try:
            return time.time() - path.stat().st_mtime > OTHER_HOST_STALE_S
        except OSError:
            return False
    pid = int(pid_text)
    return pid != os.getpid() and not _pid_alive(pid)


def remove_stale_tmp(root: Path) -> int:
    """Remove temporary folders left by killed writers; return how many."""
    removed = 0
    for path in Layout(root).tmp.glob("*"):
        if _stale(path):
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
    return removed


class StoreAdmin:
    """`cache ls`, `cache gc` and `cache clear` over one FileStore."""

    def __init__(self, store: FileStore) -> None:
        self.store = store

    def entries(self) -> list[EntryInfo]:
        """Every entry and work folder, least recently used first."""
        return list_items(self.store.root)

    def gc(self, max_bytes: int) -> list[EntryInfo]:
        """Evict least recently used entries and work folders until the total fits max_bytes."""
        remove_stale_tmp(self.store.root)
        items = list_items(self.store.root)
        total = sum(i.size for i in items)
        evicted = []
        for item in items:
            if total <= max_bytes:
                break
            if held(self.store.root, item.key):  # in use by a running process: never collected
                continue
            if item.kind == "work":
                self.store.rmtree(self.store.layout.work / item.key)
            else:
                self.store.remove(item.key)
            total -= item.size
            evicted.append(item)
        return evicted

    def clear(self) -> None:
        """Delete every entry, work folder, record and the file digest index."""
        for path in self.store.layout.cleared():
            if path.is_dir():
                self.store.rmtree(path)
            elif path.exists():
                path.unlink()
