"""The layout of a cache folder: every path the engine keeps there, in one place.

    objects/ab/<key>/manifest.json   sha256 and size of every file, the output digest (store.py)
    objects/ab/<key>/data/...        what the op's save() wrote
    tmp/<key>.<pid>.<rand>/          entries being written, scratch folders, trash being deleted
    locks/ab/<key>.lock              per-key locks: two processes never compute one key at once
    work/<family>/                   persistent per-family work folders (training checkpoints)
    records/<digest>.json            last key material of each (recipe, node), for `plan` reasons
    files.json                       file content digests by (path, size, mtime) (keys.FileDigests)

`cache.Cache` opens a folder with this layout; `cache clear` empties everything but tmp/ and locks/.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CACHE_FORMAT = 1  # part of every key and manifest: bump it when the layout or keys change


def default_cache_dir() -> Path:
    """GANDSL_CACHE_DIR, else the user's cache directory (platformdirs)."""
    env = os.environ.get("GANDSL_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("gandsl"))


@dataclass(frozen=True)
class Layout:
    """The paths of one cache folder (nothing is created here)."""

    root: Path

    @property
    def objects(self) -> Path:
        return self.root / "objects"

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"

    @property
    def locks(self) -> Path:
        return self.root / "locks"

    @property
    def work(self) -> Path:
        return self.root / "work"

    @property
    def records(self) -> Path:
        return self.root / "records"

    @property
    def files_index(self) -> Path:
        return self.root / "files.json"

    def entry(self, key: str) -> Path:
        """The folder of one entry, sharded by the key's first two characters."""
        return self.objects / key[:2] / key

    def lock(self, key: str) -> Path:
        """The lock file of one key."""
        return self.locks / key[:2] / f"{key}.lock"

    def cleared(self) -> tuple[Path, ...]:
        """What `cache clear` deletes: entries, work folders, records and the file index."""
        return (self.objects, self.work, self.records, self.files_index)
