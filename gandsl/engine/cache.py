"""The engine root: one object opens a cache folder and hands out what lives in it.

The folder's layout is documented in layout.py. `Cache.open` is what the CLI and the tests use;
`store` is the runtime Store of node outputs, `files` the file digest index, `records` the last
key material per node (for `plan`'s reasons) and `admin` the housekeeping (ls, gc, clear).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from gandsl.engine.keys import FileDigests
from gandsl.engine.layout import Layout, default_cache_dir
from gandsl.engine.status import Records
from gandsl.engine.store import FileStore
from gandsl.engine.store_admin import StoreAdmin

Warn = Callable[[str], None]


class Cache:
    """One cache folder: its layout, store, file digests, records and admin."""

    def __init__(self, root: str | Path, warn: Warn | None = None) -> None:
        self.layout = Layout(Path(root))
        self.store = FileStore(self.layout.root, warn)
        self.files = FileDigests(self.layout.files_index)
        self.records = Records(self.layout.records)
        self.admin = StoreAdmin(self.store)

    @classmethod
    def open(cls, folder: str | Path | None = None, warn: Warn | None = None) -> "Cache":
        """The cache at `folder` (`--cache-dir`), else GANDSL_CACHE_DIR or the user cache."""
        return cls(Path(folder).expanduser() if folder else default_cache_dir(), warn)

    @property
    def root(self) -> Path:
        return self.layout.root

    def close(self) -> None:
        """Write what was learnt during a run (the file digest index)."""
        self.files.save()
