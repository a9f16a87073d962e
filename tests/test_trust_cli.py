"""CLI edges: markup in user text, a closed pipe, an unwritable log."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gandsl.cli.main import group
from tiny_recipes import tiny_training

DATA_ONLY = "data d = digits {\n  size = 8\n  count = 8\n}\n"


def test_an_unwritable_log_is_a_clear_error(tmp_path, monkeypatch):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.gan").write_text(DATA_ONLY)
    result = CliRunner().invoke(group, ["run", "r.gan", "--log", "/dev/full",
                                        "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 1 and "E036" in result.output, result.output
    assert "internal error" not in result.output


def test_a_closed_pipe_ends_quietly(tmp_path):
    done = subprocess.run(f"{sys.executable} -m gandsl ops | head -1", shell=True,
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.stdout.count("\n") == 1
    assert "internal error" not in done.stderr and "Error" not in done.stderr, done.stderr


SHEET = tiny_training(count=8, steps=1, batch=4) + '''
render a = sheet {
  from = t
  grid = 1x1
  out = "a[/]b.png"
}

render b = sheet {
  from = t
  grid = 1x1
  out = "[red]x[/red].png"
}
'''


@pytest.mark.slow
def test_markup_characters_in_names_are_shown_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.gan").write_text(SHEET)
    result = CliRunner().invoke(group, ["run", "r.gan", "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert "a[/]b.png" in result.output and "[red]x[/red].png" in result.output
    assert (tmp_path / "out" / "r" / "a[" / "]b.png").is_file()
    assert (tmp_path / "out" / "r" / "[red]x[" / "red].png").is_file()


def test_a_batch_that_does_not_split_over_nproc_is_one_error_before_anything_runs(tmp_path):
    from click.testing import CliRunner

    from gandsl.cli.main import group

    (tmp_path / "r.gan").write_text("gandsl 1\ndata d = digits { size = 16 }\nmodel m = dcgan {}\n"
                                    "train t = gan { model = m  data = d  batch = 32 }\n")
    result = CliRunner().invoke(group, ["run", str(tmp_path / "r.gan"), "--nproc", "3",
                                        "--cache-dir", str(tmp_path / "c"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and result.output.count("does not split") == 1, result.output
    assert "E350" in result.output and "batch = 30 or 33" in result.output and "r.gan:4:" in result.output
    assert not (tmp_path / "c" / "objects").exists()
