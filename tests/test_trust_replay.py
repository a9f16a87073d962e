"""Replaying a rendered file: crafted files are refused, ordinary recipes replay byte for byte."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from gandsl.cli.main import group

TINY = '''gandsl 1

use "../lib.gan" as lib

data mine = folder {
  path = "images"
  size = 16
}

model net = dcgan {
  latent = 4
  width = 4
}

train run = gan {
  model = net
  data = mine
  steps = 2
  batch = 4
  seed = lib.seed
}

walk loop = slerp {
  from = run
  frames = 3
}

render clip = gif {
  frames = loop
  out = "clip.gif"
}
'''


def crafted(path: Path, meta: object) -> Path:
    """A real PNG carrying `meta` (any JSON text) where gandsl keeps a recipe."""
    from gandsl.render.png import write_png

    text = meta if isinstance(meta, str) else json.dumps(meta)
    write_png(np.zeros((4, 4, 3), np.uint8), path, text)
    return path


def run(args: list[str], tmp_path: Path):
    return CliRunner().invoke(group, [*args, "--cache-dir", str(tmp_path / "cache")])


ATTACK = 'render x = frames {\n  frames = w\n  out = ".git"\n}\n'


def test_a_main_named_dotdot_gan_cannot_name_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref")
    evil = crafted(tmp_path / "evil.png", {"gandsl": 1, "main": "...gan",
                                           "sources": {"...gan": ATTACK}, "params": {}})
    result = run(["run", str(evil)], tmp_path)
    assert result.exit_code == 1 and "E705" in result.output, result.output
    assert (tmp_path / ".git" / "HEAD").read_text() == "ref"


@pytest.mark.parametrize("out", [".", "./", "a/..", "x\\0.gif"])
def test_an_out_naming_the_output_folder_itself_fails_check(out, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = ('data d = digits {\n  size = 8\n}\nmodel m = dcgan {\n  width = 4\n}\n'
            'train t = gan {\n  model = m\n  data = d\n  steps = 1\n}\n'
            f'render s = sheet {{\n  from = t\n  out = "{out}"\n}}\n')
    evil = crafted(tmp_path / "evil.png", {"gandsl": 1, "main": "a.gan", "sources": {"a.gan": text}})
    result = run(["run", str(evil)], tmp_path)
    assert result.exit_code == 1 and "E028" in result.output, result.output
    assert not (tmp_path / "out").exists()


DEEP = "[" * 100000 + "]" * 100000


@pytest.mark.parametrize("meta, code", [
    ({"main": "a.gan", "sources": {"a.gan": "", "b\0.gan": ""}}, "E704"),
    ({"main": "a.gan", "sources": {"a.gan": "", "lib": "", "lib/x.gan": ""}}, "E704"),
    ({"main": ["a.gan"], "sources": {"a.gan": ""}}, "E703"),
    ({"main": "a.gan", "sources": {"a.gan": 3}}, "E703"),
    ({"main": "a.gan", "sources": {"a.gan": ""}, "params": ["x"]}, "E703"),
    ({"main": "a.gan", "sources": {"a.gan": ""}, "params": {"a b": 1}}, "E703"),
    ({"main": "a.gan", "sources": {"a.gan": "", "../../../../../../../../../x.gan": ""}}, "E704"),
    (DEEP, "E703"),
], ids=["nul", "clash", "main-list", "source-int", "params-list", "param-name", "climb", "deep"])
def test_malformed_embedded_metadata_is_a_clear_error(meta, code, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    evil = crafted(tmp_path / "evil.png", meta)
    for command in (["run", str(evil)], ["plan", str(evil)]):
        result = run(command, tmp_path)
        assert result.exit_code == 1, result.output
        assert code in result.output and "internal error" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evil.png"] or not (tmp_path / "out").exists()


def _project(tmp_path: Path) -> Path:
    from PIL import Image

    art = tmp_path / "proj" / "art"
    (art / "images").mkdir(parents=True)
    rng = np.random.default_rng(0)
    for i in range(6):
        Image.fromarray(rng.integers(0, 255, (20, 20, 3), dtype=np.uint8)).save(
            art / "images" / f"{i}.png")
    (tmp_path / "proj" / "lib.gan").write_text("gandsl 1\n\nparam seed = 5\n")
    (art / "tiny.gan").write_text(TINY)
    return art


@pytest.mark.slow
def test_replay_in_the_recipes_folder_is_byte_identical(tmp_path, monkeypatch):
    art = _project(tmp_path)
    monkeypatch.chdir(art)
    first = CliRunner().invoke(group, ["run", "tiny.gan", "--cache-dir", str(tmp_path / "c1")])
    assert first.exit_code == 0, first.output
    made = art / "out" / "tiny" / "clip.gif"
    again = CliRunner().invoke(group, ["run", str(made), "--out", str(tmp_path / "replay"),
                                       "--cache-dir", str(tmp_path / "c2")])  # a fresh cache
    assert again.exit_code == 0, again.output
    assert (tmp_path / "replay" / "clip.gif").read_bytes() == made.read_bytes()
    monkeypatch.chdir(tmp_path)
    elsewhere = CliRunner().invoke(group, ["run", str(made), "--out", str(tmp_path / "r2"),
                                           "--cache-dir", str(tmp_path / "c2")])
    assert elsewhere.exit_code == 1 and "E070" in elsewhere.output, elsewhere.output  # check error
    assert "image folder `images` does not exist" in elsewhere.output  # the path it looked for
    rooted = CliRunner().invoke(group, ["run", str(made), "--root", str(art), "--out",
                                        str(tmp_path / "r3"), "--cache-dir", str(tmp_path / "c2")])
    assert rooted.exit_code == 0, rooted.output
    assert (tmp_path / "r3" / "clip.gif").read_bytes() == made.read_bytes()


@pytest.mark.parametrize("meta", [
    {"sets": {"p": {"keys": 5}}}, {"params": {"p": {"size": "x"}}}, {"sets": [1]},
    {"params": {"p": {"keys": [[0, 1, "\x1b[2J"]]}}}])
def test_metadata_of_the_wrong_shape_is_e703_not_an_internal_error(meta, tmp_path):
    evil = crafted(tmp_path / "evil.png", {"gandsl": 1, "main": "r.gan",
                                           "sources": {"r.gan": "gandsl 1\nparam p = 1\n"},
                                           "params": {}, **meta})
    results = [run(["run", str(evil)], tmp_path), CliRunner().invoke(group, ["extract", str(evil)])]
    assert all("internal error" not in r.output and r.exit_code in (0, 1) for r in results)
    assert any(r.exit_code == 1 and "E703" in r.output for r in results), [r.output for r in results]


def test_a_replay_that_cannot_find_its_images_names_the_file_and_suggests_root(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = "gandsl 1\ndata mine = folder { path = \"photos\" }\n"
    art = crafted(tmp_path / "art.png", {"gandsl": 1, "main": "sunsets.gan",
                                         "sources": {"sunsets.gan": source}, "params": {}})
    result = run(["run", str(art)], tmp_path)
    assert result.exit_code == 1 and "E070" in result.output
    assert "gandsl-" not in result.output and "art.png (embedded sunsets.gan):2:" in result.output
    assert "--root FOLDER" in result.output


def test_a_replay_with_set_overrides_the_embedded_params(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = "gandsl 1\nparam size: int = 16\ndata d = digits { size = size  count = 8 }\n"
    art = crafted(tmp_path / "art.png", {"gandsl": 1, "main": "small.gan",
                                         "sources": {"small.gan": source}, "params": {"size": 16}})
    plan = run(["plan", str(art), "--set", "size=32"], tmp_path)
    assert plan.exit_code == 0, plan.output
    assert "size = 32  (--set)" in plan.output, plan.output
