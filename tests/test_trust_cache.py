"""Cache metadata of the wrong shape is absent (recomputed, never a crash); gc spares live work."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from gandsl.cli.main import group
from gandsl.engine.keys import FileDigests
from gandsl.engine.status import Records
from gandsl.engine.store import FileStore
from tiny_recipes import tiny_training

DATA_ONLY = "data d = digits {\n  size = 8\n  count = 16\n}\n"
BAD_MANIFESTS = ["[]", "3", '"x"', "{}", '{"files": 3, "digest": "x"}',
                 '{"files": {"a": 1}, "digest": "x"}', '{"files": {}}', "[" * 5000]


def _manifests(cache: Path) -> list[Path]:
    return sorted(cache.glob("objects/*/*/manifest.json"))


@pytest.mark.parametrize("bad", BAD_MANIFESTS)
def test_a_manifest_of_the_wrong_shape_is_an_absent_entry(bad, tmp_path):
    warnings: list[str] = []
    store = FileStore(tmp_path / "c", warnings.append)
    entry = store.put("ab" * 16, lambda d: (d / "x.txt").write_text("x"), {"node": "n", "op": "o"})
    (entry.path / "manifest.json").write_text(bad)
    assert store.lookup(entry.key) is None
    assert len(warnings) == 1 and "recomputed" in warnings[0]
    assert store.lookup(entry.key) is None and len(warnings) == 1  # warned once: it is gone


def test_indexes_of_the_wrong_shape_are_empty(tmp_path):
    (tmp_path / "files.json").write_text("[1, 2]")
    files = FileDigests(tmp_path / "files.json")
    (tmp_path / "f").write_text("hello")
    assert len(files.digest(tmp_path / "f")) == 64
    files.save()
    (tmp_path / "files.json").write_text('{"x": 3, "y": [1, 2, 3]}')
    assert len(FileDigests(tmp_path / "files.json").digest(tmp_path / "f")) == 64
    (tmp_path / "records").mkdir()
    records = Records(tmp_path / "records")
    for bad in ("[]", '{"params": 3}', '{"files": [1]}'):
        path = records._path(Path("r.gan"), "n")
        path.write_text(bad)
        assert records.get(Path("r.gan"), "n") is None


def test_every_command_survives_corrupt_metadata(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.gan").write_text(DATA_ONLY)
    cache = ["--cache-dir", str(tmp_path / "c")]
    assert CliRunner().invoke(group, ["run", "r.gan", *cache]).exit_code == 0
    for i, manifest in enumerate(_manifests(tmp_path / "c")):
        manifest.write_text(BAD_MANIFESTS[i % len(BAD_MANIFESTS)])
    (tmp_path / "c" / "files.json").write_text("[1, 2]")
    for record in (tmp_path / "c" / "records").glob("*.json"):
        record.write_text("[]")
    for command in (["cache", "ls"], ["cache", "info"], ["plan", "r.gan"]):
        result = CliRunner().invoke(group, [*command, *cache])
        assert result.exit_code == 0 and "internal error" not in result.output, result.output
    again = CliRunner().invoke(group, ["run", "r.gan", *cache])
    assert again.exit_code == 0 and " ran " in again.output, again.output
    assert CliRunner().invoke(group, ["cache", "gc", "--max-size", "0", *cache]).exit_code == 0


def test_gc_max_size_too_large_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(group, ["cache", "gc", "--max-size", "1e999",
                                        "--cache-dir", str(tmp_path)])
    assert result.exit_code == 2 and "too large" in result.output


TRAINING = tiny_training(steps=150, batch=4, checkpoint_every=5, preview_every=0)


@pytest.mark.slow
def test_gc_during_a_run_never_removes_its_work(tmp_path):
    (tmp_path / "r.gan").write_text(TRAINING)
    cache = tmp_path / "c"
    env = dict(os.environ, GANDSL_CACHE_DIR=str(cache))
    proc = subprocess.Popen([sys.executable, "-m", "gandsl", "run", "r.gan", "-q"], cwd=tmp_path,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    collected = 0
    while proc.poll() is None:
        if any((cache / "work").glob("*/*")):  # training has checkpointed at least once
            gc = CliRunner().invoke(group, ["cache", "gc", "--max-size", "0",
                                            "--cache-dir", str(cache)])
            assert gc.exit_code == 0, gc.output
            collected += 1
        time.sleep(0.05)
    output = proc.stdout.read().decode()
    assert proc.returncode == 0, output
    assert collected > 0, "gc never ran while the training node was working"


def test_gc_spares_exactly_what_a_live_process_holds(tmp_path):
    store = FileStore(tmp_path / "c")
    held_key, free_key, family = "aa" * 16, "bb" * 16, "cc" * 16
    for key in (held_key, free_key):
        store.put(key, lambda d: (d / "x.bin").write_bytes(b"x" * 100), {"node": "n", "op": "o"})
    (store.work_dir(family) / "step-00000005").mkdir()
    (store.work_dir(family) / "step-00000005" / "t.bin").write_bytes(b"y" * 100)
    locks = [str(tmp_path / "c" / "locks" / k[:2] / f"{k}.lock") for k in (held_key, family)]
    for path in locks:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom filelock import FileLock\n"
         "held = [FileLock(p) for p in sys.argv[1:]]\n[h.acquire() for h in held]\n"
         "print('held', flush=True)\ntime.sleep(60)", *locks], stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == b"held"
        evicted = CliRunner().invoke(group, ["cache", "gc", "--max-size", "0",
                                             "--cache-dir", str(tmp_path / "c")])
        assert evicted.exit_code == 0, evicted.output
        assert store.lookup(held_key) is not None and (tmp_path / "c" / "work" / family).is_dir()
        assert store.lookup(free_key) is None
    finally:
        holder.kill()
        holder.wait()
    CliRunner().invoke(group, ["cache", "gc", "--max-size", "0", "--cache-dir", str(tmp_path / "c")])
    assert store.lookup(held_key) is None and not (tmp_path / "c" / "work" / family).exists()


def test_an_entry_that_verifies_but_does_not_load_is_recomputed_not_fatal(tmp_path, monkeypatch):
    from engine_fakes import OPS, chain, run

    recipe = chain(tmp_path / "r.gan")
    run(recipe, tmp_path / "c", tmp_path / "o")
    module = OPS[("train", "add")].module
    real, calls = module.load, []

    def load_once_broken(folder):
        calls.append(folder)
        if len(calls) == 1:
            raise KeyError("resolution")  # a meta.json of the wrong shape
        return real(folder)

    monkeypatch.setattr(module, "load", load_once_broken)
    warnings: list[str] = []
    statuses = run(chain(tmp_path / "r.gan", k=5), tmp_path / "c", tmp_path / "o", warnings=warnings)
    assert statuses["t"] == "cached" and statuses["w"] == "ran" and statuses["r"] == "ran"
    assert any("does not load" in w and "recomputing" in w for w in warnings), warnings
