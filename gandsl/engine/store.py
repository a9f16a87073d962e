"""The content-addressed store: the runtime Store interface and its file backend.

Entries live under objects/ of a cache folder (layout.py has the whole layout; store_admin.py
the housekeeping). An entry appears by one atomic rename, so a killed writer leaves only a tmp
folder, never an entry. A manifest's last-modified time is the entry's last access (for LRU).
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, ContextManager, Iterator

from gandsl.engine.fileio import atomic_write_text, digest_json, fsync_dir, sha256_file  # noqa: F401
from gandsl.engine.layout import CACHE_FORMAT, Layout, default_cache_dir  # noqa: F401 (re-export)

def host_tag() -> str:
    """This machine's name as it appears in temporary folder names (no dots, so they parse)."""
    import socket

    return "".join(c if c.isalnum() or c == "-" else "-" for c in socket.gethostname())[:63] or "host"


FRESH_SUFFIX = ".fresh"  # work/<family>.fresh: a forced run's folder until it succeeds

MANIFEST = "manifest.json"
DATA = "data"
Warn = Callable[[str], None]


def _hash_and_sync(path: Path) -> str:
    with open(path, "rb") as f:
        os.fsync(f.fileno())
    return sha256_file(path)


def _well_formed(manifest: Any) -> bool:
    """Whether a manifest has the shape this code writes (anything else counts as absent)."""
    if not isinstance(manifest, dict) or not isinstance(manifest.get("digest"), str):
        return False
    files = manifest.get("files")
    return isinstance(files, dict) and all(
        isinstance(rel, str) and isinstance(info, dict) and isinstance(info.get("sha256"), str)
        and isinstance(info.get("size"), int) for rel, info in files.items())


@dataclass(frozen=True)
class Entry:
    """A complete entry: its folder and manifest."""

    key: str
    path: Path
    manifest: dict[str, Any]

    @property
    def data_dir(self) -> Path:
        return self.path / DATA

    @property
    def digest(self) -> str:
        """Digest of the output bytes (what dependents are keyed by)."""
        return self.manifest["digest"]


class Store(ABC):
    """Where node outputs live, by key."""

    @abstractmethod
    def lookup(self, key: str) -> Entry | None:
        """A complete entry (cheap check: manifest and file sizes), or None; marks it used."""

    @abstractmethod
    def verify(self, entry: Entry) -> bool:
        """Check every file's sha256; a broken entry is reported, removed and False returned."""

    @abstractmethod
    def put(self, key: str, write: Callable[[Path], None], meta: dict[str, Any]) -> Entry:
        """Atomically store what write(folder) writes, replacing any entry of that key."""

    @abstractmethod
    def remove(self, key: str) -> None:
        """Delete an entry if present."""

    @abstractmethod
    def lock(self, key: str) -> ContextManager[Any]:
        """An inter-process lock held while a key is computed."""

    @abstractmethod
    def work_dir(self, family: str, fresh: bool = False) -> Path:
        """A persistent folder shared by runs of one family (created); `fresh`: an empty one
        beside it, which `adopt_work_dir` makes the family's once the run succeeds."""

    @abstractmethod
    def adopt_work_dir(self, family: str) -> None:
        """Make the fresh work folder of a family (from a forced run) its work folder."""

    @abstractmethod
    def scratch(self) -> ContextManager[Path]:
        """A private temporary folder, removed afterwards."""


class FileStore(Store):
    """A Store in a cache folder (layout.py)."""

    def __init__(self, root: Path, warn: Warn | None = None) -> None:
        self.root = Path(root)
        self.layout = Layout(self.root)
        self.warn: Warn = warn or (lambda message: None)

    def _entry_dir(self, key: str) -> Path:
        return self.layout.entry(key)

    def lookup(self, key: str) -> Entry | None:
        path = self._entry_dir(key)
        if not path.exists():
            return None
        problem, manifest = self._check(key, path)
        if problem:
            self._broken(key, path, problem)
            return None
        try:
            os.utime(path / MANIFEST)
        except OSError:
            pass
        return Entry(key, path, manifest)

    def _check(self, key: str, path: Path) -> tuple[str, dict[str, Any]]:
        try:
            manifest = json.loads((path / MANIFEST).read_text())
        except FileNotFoundError:
            return "its manifest is missing", {}
        except (OSError, ValueError, RecursionError):
            return "its manifest is unreadable", {}
        if not _well_formed(manifest):
            return "its manifest has the wrong shape", {}
        if manifest.get("key") != key or manifest.get("format") != CACHE_FORMAT:
            return "its manifest does not match", manifest
        for rel, info in manifest.get("files", {}).items():
            try:
                size = (path / DATA / rel).stat().st_size
            except OSError:
                return f"{rel} is missing", manifest
            if size != info["size"]:
                return f"{rel} is truncated or changed", manifest
        return "", manifest

    def _broken(self, key: str, path: Path, problem: str) -> None:
        self.warn(f"cache entry {key} is broken ({problem}); it will be recomputed")
        self.rmtree(path)

    def verify(self, entry: Entry) -> bool:
        for rel, info in entry.manifest.get("files", {}).items():
            file = entry.data_dir / rel
            try:
                ok = file.stat().st_size == info["size"] and sha256_file(file) == info["sha256"]
            except OSError:
                ok = False
            if not ok:
                self._broken(entry.key, entry.path, f"{rel} fails its checksum")
                return False
        return True

    def put(self, key: str, write: Callable[[Path], None], meta: dict[str, Any]) -> Entry:
        tmp = self._new_tmp(key)
        try:
            (tmp / DATA).mkdir()
            write(tmp / DATA)
            manifest = self._manifest(key, tmp / DATA, meta)
            atomic_write_text(tmp / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
            fsync_dir(tmp)
            final = self._entry_dir(key)
            final.parent.mkdir(parents=True, exist_ok=True)
            if final.exists():
                self.rmtree(final)
            os.rename(tmp, final)
            fsync_dir(final.parent)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return Entry(key, final, manifest)

    def _manifest(self, key: str, data: Path, meta: dict[str, Any]) -> dict[str, Any]:
        files = {}
        for p in sorted(q for q in data.rglob("*") if q.is_file()):
            files[p.relative_to(data).as_posix()] = {"sha256": _hash_and_sync(p),
                                                     "size": p.stat().st_size}
        for d in [data, *(q for q in data.rglob("*") if q.is_dir())]:
            fsync_dir(d)
        digest = digest_json({rel: info["sha256"] for rel, info in files.items()})
        return {**meta, "format": CACHE_FORMAT, "key": key, "files": files, "digest": digest,
                "size": sum(info["size"] for info in files.values()), "created": time.time()}

    def _new_tmp(self, key: str) -> Path:
        parent = self.layout.tmp
        parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=parent, prefix=f"{key}.{os.getpid()}@{host_tag()}."))

    def rmtree(self, path: Path) -> None:
        """Remove a folder by first renaming it aside, so it vanishes at once."""
        trash = self.layout.tmp / f"trash.{os.getpid()}@{host_tag()}.{time.monotonic_ns()}"
        trash.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.rename(path, trash)
        except OSError:
            return
        shutil.rmtree(trash, ignore_errors=True)

    def remove(self, key: str) -> None:
        path = self._entry_dir(key)
        if path.exists():
            self.rmtree(path)

    def lock(self, key: str) -> ContextManager[Any]:
        from filelock import FileLock

        path = self.layout.lock(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(path)

    def work_dir(self, family: str, fresh: bool = False) -> Path:
        path = self.layout.work / (family + FRESH_SUFFIX if fresh else family)
        if fresh:
            shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True, exist_ok=True)
        return path

    def adopt_work_dir(self, family: str) -> None:
        fresh, path = self.layout.work / (family + FRESH_SUFFIX), self.layout.work / family
        if not fresh.is_dir():
            return
        old = self._new_tmp("old-work")
        with contextlib.suppress(FileNotFoundError):
            os.replace(path, old / "w")
        os.replace(fresh, path)
        shutil.rmtree(old, ignore_errors=True)

    @contextmanager
    def scratch(self) -> Iterator[Path]:
        path = self._new_tmp("scratch")
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)
