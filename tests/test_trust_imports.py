"""Imports fan out at most so far: a recipe that multiplies its imports is an error, not a hang."""
from __future__ import annotations

import time

from click.testing import CliRunner

from gandsl.cli.main import group


def _bomb(folder, depth: int = 30) -> None:
    for i in range(depth):
        (folder / f"f{i}.gan").write_text(f'use "f{i + 1}.gan" as a\nuse "f{i + 1}.gan" as b\n')
    (folder / f"f{depth}.gan").write_text("data d = digits {}\n")


def test_an_import_bomb_stops_at_the_cap(tmp_path):
    _bomb(tmp_path)
    started = time.perf_counter()
    result = CliRunner().invoke(group, ["check", str(tmp_path / "f0.gan")])
    assert time.perf_counter() - started < 10
    assert result.exit_code == 1 and "E039" in result.output and result.output.count("E039") == 1


def test_a_file_imported_twice_is_read_once(tmp_path, monkeypatch):
    from pathlib import Path

    from gandsl.engine.session import analyse

    _bomb(tmp_path, depth=3)
    reads = []
    found = analyse(tmp_path / "f0.gan", read=lambda p: reads.append(p) or Path(p).read_text())
    assert not found.report and len(found.resolver.nodes) == 8  # 2^3 instances of f3's node
    assert len(reads) == 4
