"""Merkle cache keys: what a node's cached output depends on, and file content digests.

A node's key hashes the cache format version, its op's stage, name and version, its keyed
params in canonical form, the OUTPUT digests of its inputs (so a rerun that yields identical
bytes leaves dependents cached: early cutoff), digests of the files it reads and, for renders,
a digest of the recipe metadata they embed and, for ops that compute with torch, the numerics
they ran under (device kind, precision, CPU threads, processes: gandsl/numerics.py), since each
of those changes the numbers. Never the node's name, the device index or `out`.
"""
from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from gandsl.engine.fileio import atomic_write_text, digest_json, sha256_file
from gandsl.engine.layout import CACHE_FORMAT
from gandsl.spec import OpSpec
from gandsl.ops.registry import Op
from gandsl.lang.resolved import ResolvedNode, ResolvedRecipe
from gandsl.lang.values import canonical
from gandsl.numerics import Numerics

KEY_CHARS = 32
UNKEYED_TYPES = ("node", "out")

OpLookup = Callable[[str, str], "Op | None"]


def portable(path: str | Path, base: Path | None) -> str:
    """A path as keys name it: relative to the recipe's folder (so a moved or cloned project, or a
    shared cache mounted elsewhere, keeps its keys), in POSIX form."""
    if base is None:
        return Path(path).as_posix()
    return Path(os.path.relpath(os.path.normpath(Path(path).absolute()), base)).as_posix()


def keyed_params(spec: OpSpec, node: ResolvedNode, *, family: bool = False,
                 base: Path | None = None) -> dict[str, Any]:
    """Canonical params that go into the key: no inputs, no `out`, no keyed=False (nor resume);
    paths relative to `base`."""
    out: dict[str, Any] = {}
    for name, value in sorted(node.params.items()):
        p = spec.param(name)
        if name in node.inputs or (p is not None and (p.type in UNKEYED_TYPES or not p.keyed)):
            continue
        if family and p is not None and p.resume:
            continue
        if p is not None and p.added and value == p.default:
            continue
        if p is not None and p.type == "path" and isinstance(value, str):
            value = portable(value, base)
        out[name] = canonical(value)
    return out


@dataclass(frozen=True)
class Material:
    """Everything a node's key is made of, kept so `plan` can say what changed."""

    data: dict[str, Any]

    @property
    def key(self) -> str:
        return digest_json(self.data)[:KEY_CHARS]

    def family_key(self, spec: OpSpec, node: ResolvedNode, base: Path) -> str:
        """The key without resume params: names the node's persistent work folder."""
        data = dict(self.data, params=keyed_params(spec, node, family=True, base=base), family=True)
        return digest_json(data)[:KEY_CHARS]


def _read_index(path: Path) -> dict[str, list]:
    """The file digest index; entries of the wrong shape (or a damaged file) are dropped."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, list) and len(v) == 3
            and all(isinstance(x, int) for x in v[:2]) and isinstance(v[2], str)}


class FileDigests:
    """Content digests of files, remembered by (path, size, mtime) in a JSON index."""

    def __init__(self, index_path: Path | None) -> None:
        self.index_path = index_path
        self._lock = threading.Lock()
        self._index: dict[str, list] = {}
        self._dirty = False
        if index_path is not None and index_path.is_file():
            self._index = _read_index(index_path)

    def digest(self, path: Path) -> str:
        """The sha256 of a file (or of a folder's files, recursively); 'missing' if absent."""
        path = Path(path)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            return digest_json([[str(p.relative_to(path)), self.digest(p)] for p in files])
        try:
            st = path.stat()
        except OSError:
            return "missing"
        stamp = [st.st_size, st.st_mtime_ns]
        with self._lock:
            known = self._index.get(str(path))
        if known and known[:2] == stamp:
            return known[2]
        value = sha256_file(path)
        with self._lock:
            self._index[str(path)] = stamp + [value]
            self._dirty = True
        return value

    def save(self) -> None:
        """Write the index atomically (merging entries other processes wrote meanwhile)."""
        if self.index_path is None or not self._dirty:
            return
        with self._lock:
            merged = {}
            if self.index_path.is_file():
                merged = _read_index(self.index_path)
            merged.update(self._index)
            atomic_write_text(self.index_path, json.dumps(merged))
            self._dirty = False


class Keyer:
    """Computes key material for the nodes of one resolved recipe."""

    def __init__(self, recipe: ResolvedRecipe, ops: OpLookup, files: FileDigests,
                 numerics: Numerics | None = None) -> None:
        self.recipe = recipe
        self.ops = ops
        self.files = files
        self.numerics = numerics or Numerics.detect()
        self._meta_digest: str | None = None

    def op(self, node: str) -> Op:
        """The op of a node (the recipe was checked, so it exists)."""
        n = self.recipe.nodes[node]
        op = self.ops(n.stage, n.op)
        if op is None:
            raise KeyError(f"no op {n.stage} {n.op}")
        return op

    def meta_digest(self) -> str:
        """Digest of what renders embed, so a render reruns when the recipe text changes."""
        if self._meta_digest is None:
            self._meta_digest = digest_json(self.recipe.recipe_meta())
        return self._meta_digest

    def material(self, node: str, input_digests: dict[str, str | None]) -> Material:
        """Key material of a node given its inputs' output digests (None: not known yet)."""
        n = self.recipe.nodes[node]
        op = self.op(node)
        base = self.recipe.base
        data: dict[str, Any] = {
            "format": CACHE_FORMAT, "stage": n.stage, "op": n.op, "version": op.spec.version,
            "params": keyed_params(op.spec, n, base=base),
            "inputs": {param: input_digests.get(up) for param, up in sorted(n.inputs.items())},
            "files": [[portable(p, base), self.files.digest(Path(p))] for p in op.files(n.params)],
        }
        if n.stage == "render":
            data["meta"] = self.meta_digest()
        if op.spec.keyed_on_numerics:
            data["numerics"] = self.numerics.material()
        return Material(data)

