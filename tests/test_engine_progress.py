"""Plain progress lines when stderr is not a terminal (CI, nohup, a pipe)."""
from __future__ import annotations

import io

from click.testing import CliRunner

from gandsl.cli.main import group
from gandsl.engine.plain_progress import PlainProgress


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_line_every_few_seconds_with_rate_and_losses():
    out, clock = io.StringIO(), Clock()
    task = PlainProgress(out, every=5.0, clock=clock).task("train run", total=100)
    for step in range(1, 41):
        clock.now = step * 0.5                     # 2 steps a second
        task.advance(1, d=0.61234, g=1.2)
    task.close()
    lines = out.getvalue().splitlines()
    assert lines[0] == "train run  10/100 (10%)  2.0 it/s  d=0.6123  g=1.2"
    assert len(lines) == 5 and lines[-1].endswith("done") and "40/100" in lines[-1]


def test_short_tasks_stay_silent():
    out, clock = io.StringIO(), Clock()
    task = PlainProgress(out, clock=clock).task("w: frames", total=3)
    task.advance(3)
    task.close()
    assert out.getvalue() == ""


def test_run_prints_plain_lines_unless_quiet(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GANDSL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("GANDSL_PROGRESS_EVERY", "0")  # a line at every step
    (tmp_path / "r.gan").write_text(
        "data d = digits { size = 16  count = 32 }\nmodel m = dcgan { latent = 8  width = 8 }\n"
        "train t = gan { model = m  data = d  steps = 3  batch = 8  preview_every = 0 }\n")
    result = CliRunner().invoke(group, ["run", "r.gan"])
    assert result.exit_code == 0, result.output
    assert "train t  3/3 (100%)" in result.output and "d=" in result.output
    quiet = CliRunner().invoke(group, ["run", "r.gan", "-q", "--force", "t"])
    assert "train t" not in quiet.output
