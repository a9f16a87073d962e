"""`gandsl gallery render`: each entry runs through the engine and its preview lands in the entry."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from gandsl.cli.main import group

TINY = '''gandsl 1
about { title = "Tiny" author = "t" license = "CC0-1.0" tags = ["t"] description = "tiny" }
param steps: int = 2 "training steps"
data d = digits { size = 16 count = 64 }
model m = dcgan { latent = 8 width = 8 }
train t = gan { model = m data = d steps = steps batch = 8 preview_every = 0 }
walk w = great_circle { from = t frames = 4 fps = 4 }
render preview = gif { frames = w out = "preview.gif" }
'''


def make_gallery(root: Path, names=("one", "two")) -> Path:
    for name in names:
        (root / name).mkdir(parents=True)
        (root / name / "recipe.gan").write_text(TINY)
    return root


def fake_run(made: str | None):
    """A stand-in for `gandsl run` that writes `made` into the --out folder."""
    calls = []

    def run(command, *args, **kwargs):
        calls.append(command)
        out = Path(command[command.index("--out") + 1])
        out.mkdir(parents=True, exist_ok=True)
        if made:
            frames = [Image.new("L", (8, 8), v) for v in (0, 255)]
            frames[0].save(out / made, save_all=True, append_images=frames[1:], loop=0)
        return subprocess.CompletedProcess(command, 0)

    return run, calls


def test_render_copies_each_preview_into_its_entry(tmp_path, monkeypatch):
    gallery = make_gallery(tmp_path / "g")
    (gallery / "one" / "preview.webp").write_bytes(b"stale")
    run, calls = fake_run("preview.gif")
    monkeypatch.setattr(subprocess, "run", run)
    result = CliRunner().invoke(group, ["gallery", "render", str(gallery), "--out",
                                        str(tmp_path / "out"), "--set", "steps=3"])
    assert result.exit_code == 0, result.output
    assert len(calls) == 2 and calls[0][calls[0].index("--set") + 1] == "steps=3"
    for name in ("one", "two"):
        assert (gallery / name / "preview.gif").is_file()
    assert not (gallery / "one" / "preview.webp").exists()


def test_render_only_one_entry_and_unknown_slug(tmp_path, monkeypatch):
    gallery = make_gallery(tmp_path / "g")
    run, calls = fake_run("preview.gif")
    monkeypatch.setattr(subprocess, "run", run)
    args = ["gallery", "render", str(gallery), "--out", str(tmp_path / "out")]
    assert CliRunner().invoke(group, [*args, "--only", "two"]).exit_code == 0
    assert len(calls) == 1 and not (gallery / "one" / "preview.gif").exists()
    result = CliRunner().invoke(group, [*args, "--only", "three"])
    assert result.exit_code == 1 and "no gallery entry named `three`" in result.output


def test_render_explains_a_recipe_without_preview(tmp_path, monkeypatch):
    gallery = make_gallery(tmp_path / "g", ("one",))
    monkeypatch.setattr(subprocess, "run", fake_run(None)[0])
    result = CliRunner().invoke(group, ["gallery", "render", str(gallery), "--out",
                                        str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "renders no preview" in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_render_through_the_real_engine(tmp_path):
    gallery = make_gallery(tmp_path / "g", ("one",))
    result = CliRunner().invoke(group, ["gallery", "render", str(gallery), "--out",
                                        str(tmp_path / "out"), "--device", "cpu", "--set", "steps=3"])
    assert result.exit_code == 0, result.output
    with Image.open(gallery / "one" / "preview.gif") as image:
        assert image.n_frames == 4
    from gandsl.gallery.meta import read_gallery

    # the override is recorded in the preview: the page shows the exact command, extract names it
    assert read_gallery(gallery)[0].command == "gandsl run gallery/one/recipe.gan --set steps=3"
    shown = CliRunner().invoke(group, ["extract", str(gallery / "one" / "preview.gif")]).output
    assert shown.startswith("# rendered with overrides") and "#   --set steps=3\n" in shown
    assert shown.endswith(TINY)
    built = CliRunner().invoke(group, ["gallery", "build", str(gallery), "-o", str(tmp_path / "site")])
    assert "wrote 1 entry to" in built.output
    assert "--set steps=3" in (tmp_path / "site" / "one" / "index.html").read_text()
