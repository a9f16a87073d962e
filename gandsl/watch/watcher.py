"""Watching the recipe and the files it imports (watchfiles); a change calls `on_change`.

The watcher watches the folders that hold the files (not recursively), so editors that save by
replacing the file, and a recipe deleted and written again, are seen like any save. Events only
say "look": a change is a file whose (mtime, size, inode, existence) differs from the last look,
and a look also happens every second, so a lost or coalesced event never loses a save.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Callable

DEBOUNCE_MS = 200
Signature = tuple[int, int, int] | None


def signature(path: Path) -> Signature:
    """What identifies a file's content cheaply: mtime, size and inode; None when missing."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class Watcher:
    """A thread running watchfiles over the folders of `files`; `set_files` swaps the set."""

    def __init__(self, files: set[Path], on_change: Callable[[], None]) -> None:
        self.on_change = on_change
        self._files = {p.absolute() for p in files}
        self._seen = {p: signature(p) for p in self._files}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._restart = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="gandsl-watch-files", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def set_files(self, files: set[Path]) -> None:
        """Watch these files from now on (a recipe's imports can change with each save)."""
        files = {p.absolute() for p in files}
        with self._lock:
            if files == self._files:
                return
            self._files = files
            self._seen = {p: self._seen.get(p, signature(p)) for p in files}
        self._restart.set()

    def stop(self) -> None:
        self._stop.set()
        self._restart.set()
        self._thread.join(5)

    def _folders(self) -> list[Path]:
        with self._lock:
            folders = {_existing(p.parent) for p in self._files}
        return sorted(f for f in folders if f is not None)

    def _look(self) -> None:
        """Call on_change once if any watched file changed since the last look."""
        with self._lock:
            now = {p: signature(p) for p in self._files}
            changed = now != self._seen
            self._seen = now
        if changed:
            self.on_change()

    def _loop(self) -> None:
        from watchfiles import watch

        while not self._stop.is_set():
            self._restart.clear()
            folders = self._folders()
            if not folders:
                self._stop.wait(0.5)
                continue
            try:
                for _ in watch(*folders, watch_filter=None, debounce=DEBOUNCE_MS, step=50,
                               stop_event=self._restart, rust_timeout=1000,
                               yield_on_timeout=True, raise_interrupt=False, recursive=False):
                    self._look()
                    if self._folders() != folders:  # a missing folder came back
                        break
            except Exception:  # a folder vanished under the watcher: look again shortly
                self._stop.wait(0.5)
            self._look()


def _existing(folder: Path) -> Path | None:
    """The folder, or its nearest existing parent (a deleted folder may come back)."""
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            return candidate
    return None
