"""The file store: atomic entries, checksums, broken entries, LRU gc, concurrent processes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from engine_fakes import RUNLOG, chain, child_code, run, runs
from gandsl.engine.store import FileStore, host_tag
from gandsl.engine.store_admin import StoreAdmin, parse_size, remove_stale_tmp


def _put(store: FileStore, key: str, text: str) -> None:
    store.put(key, lambda d: (d / "v.txt").write_text(text), {"node": "n", "op": "data/x"})


def test_put_lookup_verify_and_digest_depends_only_on_bytes(tmp_path):
    store = FileStore(tmp_path)
    _put(store, "aa11", "hello")
    _put(store, "bb22", "hello")
    a, b = store.lookup("aa11"), store.lookup("bb22")
    assert a and b and store.verify(a)
    assert a.digest == b.digest and (a.data_dir / "v.txt").read_text() == "hello"
    assert store.lookup("cc33") is None


@pytest.fixture
def env(tmp_path, monkeypatch):
    log = tmp_path / "runs.txt"
    monkeypatch.setenv(RUNLOG, str(log))
    return tmp_path, tmp_path / "cache", tmp_path / "out", log


def _entry_of(cache: Path, node: str) -> Path:
    for manifest in (cache / "objects").glob("*/*/manifest.json"):
        if json.loads(manifest.read_text())["node"] == node:
            return manifest.parent
    raise AssertionError(node)


@pytest.mark.parametrize("damage", ["truncate", "corrupt", "no_manifest", "bad_manifest"])
def test_broken_entry_is_recomputed_with_a_warning(env, damage):
    tmp, cache, out, log = env
    run(chain(tmp / "r.gan"), cache, out)
    entry = _entry_of(cache, "t")
    value = entry / "data" / "value.json"
    if damage == "truncate":
        value.write_text("1")
    elif damage == "corrupt":
        value.write_text("99")  # same size, wrong bytes: caught by the checksum on read
    elif damage == "no_manifest":
        (entry / "manifest.json").unlink()
    else:
        (entry / "manifest.json").write_text("{not json")
    log.unlink()
    warnings: list[str] = []
    run(chain(tmp / "r.gan", k=3), cache, out, warnings=warnings)
    assert "t" in runs(log)
    assert any("broken" in w for w in warnings)
    assert json.loads((out / "r.txt").read_text()) == 15


def test_killed_writer_leaves_nothing_that_is_used(env):
    tmp, cache, out, log = env
    store = FileStore(cache)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = cache / "tmp" / f"somekey.{dead.pid}.x"
    (stale / "data").mkdir(parents=True)
    (stale / "data" / "value.json").write_text("999")
    run(chain(tmp / "r.gan"), cache, out)
    assert json.loads((out / "r.txt").read_text()) == 12
    assert remove_stale_tmp(cache) == 1 and not stale.exists()
    assert store.lookup("somekey") is None


def test_gc_evicts_least_recently_used_first(tmp_path):
    store = FileStore(tmp_path)
    for i, key in enumerate(["k1", "k2", "k3"]):
        _put(store, key, "x" * 1000)
        os.utime(store.lookup(key).path / "manifest.json", (time.time() - 100 + i,) * 2)
    os.utime(store.lookup("k1").path / "manifest.json")  # k1 used just now
    evicted = StoreAdmin(store).gc(max_bytes=2000)
    assert [e.key for e in evicted] == ["k2"]
    assert store.lookup("k1") and store.lookup("k3") and not store.lookup("k2")
    StoreAdmin(store).clear()
    assert StoreAdmin(store).entries() == []


def test_parse_size():
    assert parse_size("2GB") == 2 * 10**9 and parse_size("1.5 MiB") == 1572864
    with pytest.raises(ValueError):
        parse_size("lots")


def test_two_processes_compute_each_key_once(env):
    tmp, cache, out, log = env
    code = child_code(tmp / "r.gan", cache, out, jobs=2, sleep=0.5)
    procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    assert sorted(runs(log)) == sorted(["d", "m", "t", "w", "r", "e"])


class StoreMachine(RuleBasedStateMachine):
    """The store behaves like a dict of key -> bytes, whatever damage happens to its files."""

    def __init__(self) -> None:
        super().__init__()
        import tempfile

        self.root = Path(tempfile.mkdtemp(prefix="gandsl-store-"))
        self.store = FileStore(self.root)
        self.written: dict[str, str] = {}  # what each live entry was written with
        self.model: dict[str, str] = {}  # the entries that must read back intact

    keys = st.sampled_from(["ab01", "ab02", "cd03"])

    @rule(key=keys, text=st.text(max_size=20))
    def put(self, key: str, text: str) -> None:
        _put(self.store, key, text)
        self.written[key] = self.model[key] = text

    @rule(key=keys)
    def remove(self, key: str) -> None:
        self.store.remove(key)
        self.written.pop(key, None)
        self.model.pop(key, None)

    @rule(key=keys, garbage=st.binary(max_size=5))
    def damage(self, key: str, garbage: bytes) -> None:
        entry = self.store.lookup(key)
        if entry is not None:
            (entry.data_dir / "v.txt").write_bytes(garbage)
            if garbage == self.written[key].encode():
                self.model[key] = self.written[key]
            else:
                self.model.pop(key, None)

    @rule(key=keys)
    def read(self, key: str) -> None:
        entry = self.store.lookup(key)
        ok = entry is not None and self.store.verify(entry)
        assert ok == (key in self.model)
        if ok:
            assert (entry.data_dir / "v.txt").read_bytes() == self.model[key].encode()

    @invariant()
    def no_tmp_left(self) -> None:
        assert not [p for p in (self.root / "tmp").glob("*")] if (self.root / "tmp").exists() else True

    def teardown(self) -> None:
        import shutil

        shutil.rmtree(self.root, ignore_errors=True)


TestStoreMachine = StoreMachine.TestCase
TestStoreMachine.settings = settings(max_examples=25, stateful_step_count=15, deadline=None,
                                     suppress_health_check=[HealthCheck.too_slow])


def test_folder_artifact_is_placed_and_replaced_atomically(tmp_path):
    from gandsl.engine.place import place_artifact

    store = FileStore(tmp_path / "cache")

    def write(folder: Path) -> None:
        (folder / "artifact").mkdir()
        for i in range(3):
            (folder / "artifact" / f"f{i}.png").write_text(str(i))

    entry = store.put("ab99", write, {})
    out = tmp_path / "out"
    assert place_artifact(entry, out, "pngs", {"out": None}) == out / "pngs"
    (out / "pngs" / "stale.png").write_text("old")  # a folder gandsl made may be replaced
    assert place_artifact(entry, out, "pngs", {"out": None}) == out / "pngs"
    assert sorted(p.name for p in (out / "pngs").iterdir()) == ["f0.png", "f1.png", "f2.png"]
    assert sorted(p.name for p in out.iterdir()) == [".pngs.gandsl-output", "pngs"]


def test_file_digests_are_remembered_by_size_and_mtime(tmp_path, monkeypatch):
    import gandsl.engine.keys as keys

    calls = []
    real = keys.sha256_file
    monkeypatch.setattr(keys, "sha256_file", lambda p: calls.append(p) or real(p))
    data = tmp_path / "img.png"
    data.write_text("pixels")
    first = keys.FileDigests(tmp_path / "files.json")
    digest = first.digest(data)
    first.save()
    assert keys.FileDigests(tmp_path / "files.json").digest(data) == digest and len(calls) == 1
    data.write_text("PIXELS")
    os.utime(data, (1, 1))
    assert keys.FileDigests(tmp_path / "files.json").digest(data) != digest


def test_cache_owns_its_layout_and_clear_empties_it(tmp_path, monkeypatch):
    from gandsl.engine.cache import Cache

    monkeypatch.setenv(RUNLOG, str(tmp_path / "log"))
    root = tmp_path / "cache"
    run(chain(tmp_path / "r.gan"), root, tmp_path / "out")
    cache = Cache.open(root)
    assert cache.store.root == cache.layout.root == root
    layout = cache.layout
    assert {p.name for p in root.iterdir()} >= {"objects", "tmp", "locks", "records", "work"}
    assert [p.name for p in layout.cleared()] == ["objects", "work", "records", "files.json"]
    assert cache.admin.entries() and cache.records.get(tmp_path / "r.gan", "d") is not None
    cache.admin.clear()
    assert cache.admin.entries() == [] and not any(p.exists() for p in layout.cleared())


def test_gc_never_judges_another_machines_temporary_folders_by_local_pids(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    tmp = tmp_path / "c" / "tmp"
    mine, theirs, old = (tmp / f"k.{dead.pid}@{host_tag()}.a", tmp / f"k.{dead.pid}@other-host.b",
                         tmp / f"k.{dead.pid}@other-host.c")
    for p in (mine, theirs, old):
        p.mkdir(parents=True)
    os.utime(old, (time.time() - 2 * 86400,) * 2)
    assert remove_stale_tmp(tmp_path / "c") == 2
    assert theirs.exists() and not mine.exists() and not old.exists()
