"""The shipped recipes and gallery: every one checks, together they use every op, the gallery builds."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gandsl.cli.main import group
from gandsl.gallery.entries import PREVIEW_NAMES, REQUIRED_ABOUT
from gandsl.gallery.meta import read_gallery
from gandsl.engine.session import load_recipe
from gandsl.ops.registry import registry

ROOT = Path(__file__).resolve().parents[1]
RECIPES = sorted((ROOT / "recipes").glob("*.gan"))
ENTRIES = sorted((ROOT / "gallery").glob("*/recipe.gan"))


@pytest.mark.parametrize("path", RECIPES + ENTRIES, ids=lambda p: str(p.relative_to(ROOT)))
def test_recipe_passes_check(path: Path):
    from gandsl.errors import RecipeError

    try:
        load_recipe(path)
    except RecipeError as err:
        pytest.fail(err.render())


SPEC_VERBATIM = ROOT / "recipes" / "spec_example.gan"  # SPEC §1's text, kept as written there


@pytest.mark.parametrize("path", [p for p in RECIPES + ENTRIES if p != SPEC_VERBATIM],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_recipe_is_in_canonical_layout(path: Path):
    from gandsl.lang.fmt import format_text

    assert format_text(path.read_text(), str(path)) == path.read_text(), f"gandsl fmt {path}"


def test_recipes_together_use_every_op():

    used = {(node.stage, node.op) for path in RECIPES + ENTRIES
            for node in load_recipe(path).nodes.values()}
    missing = sorted(set(registry()) - used)
    assert not missing, f"no recipe uses {missing}"


def test_gallery_has_six_complete_entries_and_a_remix():
    entries = read_gallery(ROOT / "gallery")
    assert len(entries) >= 6
    slugs = {e.slug for e in entries}
    for entry in entries:
        assert all(entry.about.get(k) for k in (*REQUIRED_ABOUT, "tags", "description")), entry.slug
        assert entry.forked_from is None or entry.forked_from in slugs, entry.slug
    assert any(e.forked_from for e in entries)


def test_gallery_previews_are_small_looping_renders():
    from PIL import Image

    for folder in sorted(p.parent for p in ENTRIES):
        previews = [folder / n for n in PREVIEW_NAMES if (folder / n).is_file()]
        assert len(previews) == 1, f"{folder.name}: run `gandsl gallery render`"
        assert previews[0].stat().st_size < 2 * 1024 * 1024
        with Image.open(previews[0]) as image:
            assert getattr(image, "n_frames", 1) > 1, f"{previews[0]} is not animated"
            assert image.info.get("loop", 0) == 0, f"{previews[0]} does not loop forever"
        from gandsl.render.embed import read_meta

        embedded = read_meta(previews[0])["sources"]["recipe.gan"]
        assert embedded == (folder / "recipe.gan").read_text(), f"{folder.name}: stale preview"


def test_gallery_build_command_writes_the_site(tmp_path: Path):
    site = tmp_path / "site"
    result = CliRunner().invoke(group, ["gallery", "build", str(ROOT / "gallery"), "-o", str(site)])
    assert result.exit_code == 0, result.output
    assert (site / "index.html").is_file()
    for path in ENTRIES:
        assert (site / path.parent.name / "index.html").is_file()


def test_gallery_build_explains_a_folder_without_recipe(tmp_path: Path):
    (tmp_path / "g" / "lonely").mkdir(parents=True)
    result = CliRunner().invoke(group, ["gallery", "build", str(tmp_path / "g"), "-o",
                                        str(tmp_path / "site")])
    assert result.exit_code == 1
    assert "has no recipe.gan" in result.output and "Traceback" not in result.output


def test_gallery_build_explains_a_missing_about_block(tmp_path: Path):
    entry = tmp_path / "g" / "bare"
    entry.mkdir(parents=True)
    (entry / "recipe.gan").write_text((ROOT / "recipes" / "quickstart.gan").read_text()
                                      .split("about {")[0] + "param seed = 1\n")
    result = CliRunner().invoke(group, ["gallery", "build", str(tmp_path / "g"), "-o",
                                        str(tmp_path / "site")])
    assert result.exit_code == 1
    assert "lacks an about block" in result.output and "Traceback" not in result.output


def test_remix_fills_forked_from_and_checks(tmp_path: Path):

    new = tmp_path / "my-remix"
    result = CliRunner().invoke(group, ["remix", str(ROOT / "gallery" / "digits-dream"), str(new)])
    assert result.exit_code == 0, result.output
    recipe = load_recipe(new / "recipe.gan")
    assert recipe.about["forked_from"] == "digits-dream"
    assert recipe.about["title"] == "Digits, dreaming (remix)"
    assert recipe.about["description"].startswith("TODO")


def test_remix_brings_imports_along(tmp_path: Path):

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "base.gan").write_text((ROOT / "recipes" / "quickstart.gan").read_text())
    (tmp_path / "src" / "main.gan").write_text(
        'use "base.gan" as base\nwalk w = slerp { from = base.run }\n'
        'render g = gif { frames = w }\n')
    target = tmp_path / "mine" / "remix.gan"
    result = CliRunner().invoke(group, ["remix", str(tmp_path / "src" / "main.gan"), str(target)])
    assert result.exit_code == 0, result.output
    assert (target.parent / "base.gan").read_text() == (tmp_path / "src" / "base.gan").read_text()
    assert load_recipe(target).about == {"forked_from": "main", "title": "main (remix)",
                                         "description": "TODO: what this remix of main changes"}


@pytest.mark.slow
def test_quickstart_runs_end_to_end(tmp_path: Path):
    from PIL import Image

    out = tmp_path / "out"
    result = CliRunner().invoke(group, ["run", str(ROOT / "recipes" / "quickstart.gan"),
                                        "--set", "steps=4", "--set", "size=16",
                                        "--device", "cpu", "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    walk = load_recipe(ROOT / "recipes" / "quickstart.gan").nodes["loop"].params
    with Image.open(out / "digits.gif") as gif:
        assert gif.n_frames == round(walk["duration"].seconds * walk["fps"])
        assert gif.info.get("loop") == 0
    with Image.open(out / "samples.png") as sheet:
        assert sheet.size[0] >= 8 * 16 * 2 and sheet.size[0] == sheet.size[1]
