"""Describing output files for the page: kind, URL cache-busted by content digest, JSON figures."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

IMAGES = {".gif": "image", ".png": "image", ".webp": "image", ".jpg": "image", ".jpeg": "image"}
VIDEOS = {".mp4": "video", ".webm": "video"}
JSON_LIMIT = 64_000


class Digests:
    """Content digests of files, recomputed only when size or mtime change."""

    def __init__(self) -> None:
        self._seen: dict[Path, tuple[int, int, str]] = {}

    def digest(self, path: Path) -> str | None:
        """The first 16 hex digits of the file's sha256, or None if it cannot be read."""
        try:
            st = path.stat()
            known = self._seen.get(path)
            if known and known[:2] == (st.st_size, st.st_mtime_ns):
                return known[2]
            h = hashlib.sha256()
            with open(path, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    h.update(block)
        except OSError:
            return None
        value = h.hexdigest()[:16]
        self._seen[path] = (st.st_size, st.st_mtime_ns, value)
        return value


def file_url(out_dir: Path, path: Path, digest: str) -> str:
    """/files/<path relative to the output folder>?v=<digest>."""
    rel = os.path.relpath(path, out_dir).replace(os.sep, "/")
    return f"/files/{quote(rel)}?v={digest}"


def describe(out_dir: Path, node: str, path: Path, digests: Digests) -> dict[str, Any] | None:
    """What the page needs to show one placed output (a file, or a folder of frames)."""
    shown = path
    count = 0
    if path.is_dir():
        frames = sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGES)
        if not frames:
            return None
        shown, count = frames[0], len(frames)
    digest = digests.digest(shown)
    if digest is None:
        return None
    ext = shown.suffix.lower()
    kind = IMAGES.get(ext) or VIDEOS.get(ext) or ("json" if ext == ".json" else "file")
    item = {"node": node, "name": os.path.relpath(path, out_dir).replace(os.sep, "/"),
            "kind": kind, "url": file_url(out_dir, shown, digest), "digest": digest,
            "frames": count}
    if kind == "json":
        item["figures"] = json_figures(shown)
    return item


def json_figures(path: Path) -> list[list[str]]:
    """The scalar entries of a JSON report (nested keys joined by dots), as [key, value] rows."""
    try:
        if path.stat().st_size > JSON_LIMIT:
            return []
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return []
    rows: list[list[str]] = []

    def walk(value: Any, key: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{key}.{k}" if key else str(k))
        elif isinstance(value, list):
            if all(isinstance(v, (int, float)) for v in value) and len(value) <= 8:
                rows.append([key, ", ".join(_fmt(v) for v in value)])
        else:
            rows.append([key, _fmt(value)])

    walk(data, "")
    return rows[:40]


def _fmt(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)
