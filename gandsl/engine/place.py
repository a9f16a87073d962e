"""Placing render/eval artifacts from the store into the output folder (atomic, confined).

An output never leaves the output folder: its name is checked as text (no `..`, `.`, NUL, empty
parts) and every folder on the way is checked on its resolved real path at write time, so a
symlink inside the output folder cannot lead outside it. A folder artifact gets a marker file
beside it (`.NAME.gandsl-output`) that records the folder's identity (device and inode); an
existing folder is replaced only when a marker that is a plain file (never a symlink) names that
very folder, so a marker a recipe forged, or one copied beside another folder, proves nothing.
`out` names are never hidden (`.git`) nor reserved (markers), so a recipe cannot write a marker.
"""
from __future__ import annotations

import json
import os
import posixpath
import shutil
import tempfile
from pathlib import Path
from typing import Any

from gandsl.engine.fileio import atomic_write_text, sha256_file
from gandsl.engine.store import Entry
from gandsl.errors import GandslError
from gandsl.lang.values import unsafe_out_part

ARTIFACT = "artifact"
MARKER = ".{}.gandsl-output"  # beside every folder gandsl places: it may replace such a folder


class BrokenArtifact(Exception):
    """The stored artifact does not match its manifest."""


class PlaceError(GandslError):
    """An output cannot be placed without leaving or damaging the output folder (exit 3)."""

    exit_code = 3


def find_artifact(entry: Entry) -> tuple[str, bool]:
    """The artifact's name in the entry's data folder, and whether it is a folder."""
    names = sorted({rel.split("/", 1)[0] for rel in entry.manifest.get("files", {})})
    for name in names:
        if name == ARTIFACT or name.startswith(ARTIFACT + "."):
            return name, "/" in next(r for r in entry.manifest["files"] if r.startswith(name))
    raise BrokenArtifact(f"entry {entry.key} holds no artifact file")


def safe_parts(name: str) -> list[str]:
    """The parts of a relative output name, or PlaceError if it is not a plain path inside."""
    text = name.replace("\\", "/")
    norm = posixpath.normpath(text) if text else "."
    parts = norm.split("/")
    bad = ("\0" in text or text.startswith("/") or norm == "." or ".." in parts
           or any(unsafe_out_part(p) for p in parts))
    if bad:
        raise PlaceError(f"output name {name!r} does not name a visible file inside the output folder",
                         code="E710", help="`out` must be a relative path such as \"clip.gif\"")
    return parts


def destination(out_dir: Path, node: str, params: dict[str, Any], name: str,
                is_dir: bool) -> Path:
    """Where a node's artifact goes: its `out`, else <node><ext> (or <node>/ for a folder)."""
    rel = str(params["out"]) if params.get("out") else (
        node if is_dir else node + name[len(ARTIFACT):])
    return out_dir.joinpath(*safe_parts(rel))


def _inside(path: Path, root: Path) -> bool:
    real = os.path.realpath(path)
    return real != root and real.startswith(root.rstrip(os.sep) + os.sep)


def _make_parents(dest: Path, out_dir: Path) -> str:
    """Create dest's folders one by one, each checked on its real path; return the real root."""
    out_dir.mkdir(parents=True, exist_ok=True)
    root = os.path.realpath(out_dir)
    folder = out_dir
    for part in dest.relative_to(out_dir).parts[:-1]:
        folder = folder / part
        if not folder.is_dir() and not folder.is_symlink():
            folder.mkdir(exist_ok=True)
        if not folder.is_dir() or not _inside(folder, root):
            raise PlaceError(f"cannot place `{dest}`: `{folder}` leads outside the output folder "
                             "or is not a folder", code="E711",
                             help="remove the symlink or file from the output folder")
    return root


def _matches(dest: Path, expected: dict[str, str]) -> bool:
    if dest.is_symlink() or not dest.exists():
        return False
    if dest.is_file():
        return set(expected) == {""} and sha256_file(dest) == expected[""]
    present = {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()}
    return present == set(expected) and all(
        sha256_file(dest / rel) == sha for rel, sha in expected.items())


def _copy_checked(src: Path, tmp: Path, expected: dict[str, str]) -> None:
    if src.is_dir():
        shutil.copytree(src, tmp, symlinks=True)
    else:
        shutil.copyfile(src, tmp)
    if not _matches(tmp, expected):
        raise BrokenArtifact(f"{src.name} fails its checksum")


def _marker(dest: Path) -> Path:
    return dest.parent / MARKER.format(dest.name)


def _identity(folder: Path) -> dict[str, int]:
    st = os.lstat(folder)
    return {"dev": st.st_dev, "ino": st.st_ino}


def _made_by_gandsl(dest: Path) -> bool:
    """Whether a plain-file marker beside dest records dest's own identity."""
    marker = _marker(dest)
    try:
        if marker.is_symlink() or not marker.is_file() or marker.stat().st_size > 4096:
            return False
        record = json.loads(marker.read_text("utf-8"))
        return isinstance(record, dict) and record.get("identity") == _identity(dest)
    except (OSError, ValueError):
        return False


def _write_marker(dest: Path, folder: Path) -> None:
    """Atomically (replacing, never following, a symlink there) record `folder` as dest's."""
    atomic_write_text(_marker(dest), json.dumps({"made_by": "gandsl run: it may replace this folder",
                                                  "identity": _identity(folder)}) + "\n")


def _check_replaceable(dest: Path, is_dir: bool = False) -> None:
    if is_dir and dest.is_file() and not dest.is_symlink():
        raise PlaceError(f"cannot place the folder `{dest}`: a file is in the way", code="E712",
                         help="move that file away or choose another `out`")
    if dest.is_dir() and not dest.is_symlink() and not _made_by_gandsl(dest):
        raise PlaceError(f"cannot place `{dest}`: a folder gandsl did not make is in the way",
                         code="E712", help="move that folder away or choose another `out` "
                                           "(a folder from gandsl before 0.2 must be removed once)")


def place_artifact(entry: Entry, out_dir: Path, node: str, params: dict[str, Any]) -> Path:
    """Copy the entry's artifact to its place (skipped when identical); return the path."""
    name, is_dir = find_artifact(entry)
    dest = destination(out_dir, node, params, name, is_dir)
    prefix = name + "/" if is_dir else name
    expected = {rel[len(prefix):]: info["sha256"] for rel, info in entry.manifest["files"].items()
                if rel == name or rel.startswith(prefix)}
    root = _make_parents(dest, out_dir)
    if _matches(dest, expected) and _inside(dest, root):
        return dest
    _check_replaceable(dest, is_dir)
    tmp = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.")) / "new"
    try:
        _copy_checked(entry.data_dir / name, tmp, expected)
        _make_parents(dest, out_dir)  # again: nothing on the way changed meanwhile
        _check_replaceable(dest, is_dir)
        if is_dir:
            _write_marker(dest, tmp)  # tmp becomes dest by rename: the same inode
        if dest.is_dir() or dest.is_symlink():  # a link is moved aside, never followed
            os.rename(dest, tmp.parent / "old")
        os.replace(tmp, dest)
    finally:
        shutil.rmtree(tmp.parent, ignore_errors=True)
    return dest
