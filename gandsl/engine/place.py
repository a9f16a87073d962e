"""Placing render/eval artifacts from the store into the output folder (atomic copies)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from gandsl.engine.keys import sha256_file
from gandsl.engine.store import Entry

ARTIFACT = "artifact"


class BrokenArtifact(Exception):
    """The stored artifact does not match its manifest."""


def find_artifact(entry: Entry) -> tuple[str, bool]:
    """The artifact's name in the entry's data folder, and whether it is a folder."""
    names = sorted({rel.split("/", 1)[0] for rel in entry.manifest.get("files", {})})
    for name in names:
        if name == ARTIFACT or name.startswith(ARTIFACT + "."):
            return name, "/" in next(r for r in entry.manifest["files"] if r.startswith(name))
    raise BrokenArtifact(f"entry {entry.key} holds no artifact file")


def destination(out_dir: Path, node: str, params: dict[str, Any], name: str,
                is_dir: bool) -> Path:
    """Where a node's artifact goes: its `out`, else <node><ext> (or <node>/ for a folder)."""
    if params.get("out"):
        return out_dir / str(params["out"])
    return out_dir / (node if is_dir else node + name[len(ARTIFACT):])


def _matches(dest: Path, expected: dict[str, str]) -> bool:
    if not dest.exists():
        return False
    if dest.is_file():
        return set(expected) == {""} and sha256_file(dest) == expected[""]
    present = {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()}
    return present == set(expected) and all(
        sha256_file(dest / rel) == sha for rel, sha in expected.items())


def _copy_checked(src: Path, tmp: Path, expected: dict[str, str]) -> None:
    if src.is_dir():
        shutil.copytree(src, tmp)
    else:
        shutil.copyfile(src, tmp)
    if not _matches(tmp, expected):
        raise BrokenArtifact(f"{src.name} fails its checksum")


def place_artifact(entry: Entry, out_dir: Path, node: str, params: dict[str, Any]) -> Path:
    """Copy the entry's artifact to its place (skipped when identical); return the path."""
    name, is_dir = find_artifact(entry)
    dest = destination(out_dir, node, params, name, is_dir)
    prefix = name + "/" if is_dir else name
    expected = {rel[len(prefix):]: info["sha256"] for rel, info in entry.manifest["files"].items()
                if rel == name or rel.startswith(prefix)}
    if _matches(dest, expected):
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.")) / "new"
    try:
        _copy_checked(entry.data_dir / name, tmp, expected)
        if dest.is_dir():
            old = tmp.parent / "old"
            os.rename(dest, old)
        os.replace(tmp, dest)
    finally:
        shutil.rmtree(tmp.parent, ignore_errors=True)
    return dest
