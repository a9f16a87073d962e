"""`gandsl run`, `plan` and `cache` through the CLI, with cheap real data ops."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gandsl.cli.main import group

RECIPE = """\
param count = 16
data blobs = shapes {
  size  = 8
  count = count
}
data mine = folder {
  path = "imgs"
  size = 8
}
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    from PIL import Image

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GANDSL_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "imgs").mkdir()
    for i in range(2):
        Image.new("RGB", (12, 12), (40 * i, 90, 200)).save(tmp_path / "imgs" / f"{i}.png")
    (tmp_path / "r.gan").write_text(RECIPE)
    return tmp_path


def gandsl(*args: str):
    result = CliRunner().invoke(group, list(args))
    return result.exit_code, result.output


def _statuses(output: str) -> dict[str, str]:
    rows = [line.split() for line in output.splitlines()]
    return {r[0]: r[3] for r in rows if len(r) >= 4 and r[1] == "data"}


def test_run_then_rerun_is_cached_and_a_changed_file_reruns_its_node(project):
    code, out = gandsl("run", "r.gan", "--log", "events.jsonl")
    assert code == 0, out
    assert _statuses(out) == {"blobs": "ran", "mine": "ran"}
    events = [json.loads(line)["event"] for line in Path("events.jsonl").read_text().splitlines()]
    assert events[0] == "run_start" and events[-1] == "run_end" and "node_ran" in events
    code, out = gandsl("run", "r.gan")
    assert _statuses(out) == {"blobs": "cached", "mine": "cached"}
    from PIL import Image

    Image.new("RGB", (12, 12), (0, 0, 0)).save(project / "imgs" / "0.png")
    os.utime(project / "imgs" / "0.png", (1, 1))  # a new mtime even on coarse clocks
    code, out = gandsl("run", "r.gan", "--jobs", "2")
    assert _statuses(out) == {"blobs": "cached", "mine": "ran"}


def test_plan_shows_param_sources_and_reasons(project):
    code, out = gandsl("plan", "r.gan", "--set", "count=20")
    assert code == 0, out
    assert "count = 20  (--set)" in out
    assert "will run  reason: no cached entry" in out
    gandsl("run", "r.gan", "-q")
    code, out = gandsl("plan", "r.gan", "--set", "count=20")
    assert "reason: count 16 → 20" in out
    assert "summary: 1 cached, 1 will run" in out


def test_failing_node_exits_3_naming_node_and_line(project):
    (project / "empty").mkdir()
    (project / "empty" / "broken.png").write_bytes(b"not an image")  # found by check, fails at run
    (project / "r.gan").write_text(RECIPE.replace('"imgs"', '"empty"'))
    code, out = gandsl("run", "r.gan")
    assert code == 3, out
    assert "node `mine`" in out and "r.gan:6" in out
    assert "Traceback" not in out


def test_usage_and_recipe_errors(project):
    assert gandsl("run", "r.gan", "--device", "tpu")[0] == 2
    code, out = gandsl("run", "r.gan", "--only", "blob")
    assert code == 1 and "did you mean `blobs`" in out


def test_cache_commands(project):
    gandsl("run", "r.gan", "-q")
    code, out = gandsl("cache", "info")
    assert code == 0 and "entries: 2" in out
    code, out = gandsl("cache", "ls")
    assert "blobs" in out and "data/shapes" in out
    code, out = gandsl("cache", "gc", "--max-size", "1B")
    assert code == 0 and "evicted 2" in out
    gandsl("run", "r.gan", "-q")
    code, out = gandsl("cache", "clear")
    assert code == 0 and "entries: 0" in gandsl("cache", "info")[1]


def test_cached_rerun_does_not_import_torch(project):
    gandsl("run", "r.gan", "-q")
    result = subprocess.run([sys.executable, "-c", _probe(["run", "r.gan"])],
                            capture_output=True, text=True, cwd=project, timeout=120)
    assert "NO-TORCH" in result.stdout, result.stdout + result.stderr
    assert "cached" in result.stdout and "ran" not in result.stdout.replace("nodes: ", "")


def _probe(args: list[str]) -> str:
    return ("import sys, runpy; sys.argv = ['gandsl'] + %r\n"
            "try: runpy.run_module('gandsl', run_name='__main__')\n"
            "except SystemExit: pass\n"
            "print('TORCH' if 'torch' in sys.modules else 'NO-TORCH')" % (args,))


@pytest.mark.slow
def test_real_recipe_rerun_is_cached_without_torch_and_restores_output(tmp_path, monkeypatch):
    recipe = Path(__file__).parents[1] / "gallery" / "digits-dream" / "recipe.gan"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GANDSL_CACHE_DIR", str(tmp_path / "cache"))
    args = ["run", str(recipe), "--set", "steps=3", "--out", "o", "-q"]
    assert gandsl(*args)[0] == 0
    (tmp_path / "o" / "preview.gif").unlink()
    result = subprocess.run([sys.executable, "-c", _probe(args[:-1])], capture_output=True,
                            text=True, cwd=tmp_path, timeout=120)
    assert "NO-TORCH" in result.stdout, result.stdout + result.stderr
    assert " ran " not in result.stdout and (tmp_path / "o" / "preview.gif").is_file()


def test_plan_shows_an_unset_out(project):
    (project / "r.gan").write_text(RECIPE + "model net = dcgan { resolution = 16 }\ntrain t = gan { model = net  data = blobs }\n"
                                   "render s = sheet { from = t }\n")
    code, out = gandsl("plan", "r.gan")
    assert code == 0, out
    assert "out = -" in out
