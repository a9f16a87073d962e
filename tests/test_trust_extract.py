"""`extract --to` writes only visible `.gan` recipes, only new files, never through a symlink,
and lists every file it wrote; nothing it prints carries terminal escapes from the file."""
from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from gandsl.cli.main import group
from test_render_embed import MAIN, META, rendered


@pytest.mark.parametrize("name", [".git/config", ".ssh/authorized_keys", "lib/hook.sh", "a/.b.gan", "notes.txt"])
def test_only_visible_gan_sources_are_extracted(name, tmp_path):
    out = rendered("gif", tmp_path, dict(META, sources={"art.gan": MAIN, name: "[core]\n"}))
    result = CliRunner().invoke(group, ["extract", str(out), "--to", str(tmp_path / "src")])
    assert result.exit_code == 1 and "E704" in result.output
    assert not (tmp_path / "src").exists() or not any((tmp_path / "src").rglob("*"))


def test_an_existing_file_is_never_overwritten(tmp_path):
    out = rendered("gif", tmp_path)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "art.gan").write_text("mine")
    result = CliRunner().invoke(group, ["extract", str(out), "--to", str(tmp_path / "src")])
    assert result.exit_code == 1 and "E705" in result.output
    assert (tmp_path / "src" / "art.gan").read_text() == "mine"


def test_a_symlinked_folder_is_not_followed(tmp_path):
    out = rendered("gif", tmp_path)
    (tmp_path / "src").mkdir()
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "src" / "lib")
    result = CliRunner().invoke(group, ["extract", str(out), "--to", str(tmp_path / "src")])
    assert result.exit_code == 1 and "E705" in result.output
    assert not list((tmp_path / "elsewhere").iterdir())


def test_every_file_written_is_listed(tmp_path):
    out = rendered("gif", tmp_path)
    result = CliRunner().invoke(group, ["extract", str(out), "--to", str(tmp_path / "src")])
    assert result.exit_code == 0, result.output
    listed = sorted(line.split(" ", 1)[1] for line in result.output.splitlines())
    assert listed == sorted(str(p) for p in (tmp_path / "src").rglob("*.gan"))
    assert len(listed) == len(META["sources"])


def test_extract_prints_no_terminal_escapes(tmp_path):
    evil = MAIN + "# \x1b]0;pwned\x07 \x1b[2J \x1b]8;;http://x\x07link\x1b]8;;\x07 \u202e\n"
    out = rendered("gif", tmp_path, dict(META, sources={**META["sources"], "art.gan": evil}))
    for args in ([], ["--json"]):
        result = CliRunner().invoke(group, ["extract", str(out), *args])
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output
        assert "pwned" in result.output


def test_error_messages_escape_control_characters(tmp_path):
    (tmp_path / "r.gan").write_text('gandsl 1\ndata d = digits { size = "\x1b]0;t\x07" }\n')
    result = CliRunner().invoke(group, ["check", str(tmp_path / "r.gan")])
    assert result.exit_code == 1 and "\x1b" not in result.output and "\\x1b" in result.output
