"""`gandsl remix`: about.forked_from is added or replaced; nothing is overwritten."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gandsl.cli.main import group
from gandsl.errors import RecipeError
from gandsl.gallery.remix import as_remix, source_recipe, target_recipe, with_forked_from

MULTI = 'gandsl 1\n\nabout {\n  title = "Digits"\n  tags  = ["x"]\n}\n\nparam steps = 3\n'


def about_entries(text: str) -> dict[str, str]:
    """The about block's entries, through the real parser."""
    from gandsl.lang import ast
    from gandsl.lang.parse import parse

    about = next(s for s in parse(text, "t.gan").statements if isinstance(s, ast.About))
    return {e.key.text: getattr(e.value, "value", None) for e in about.entries}


def test_adds_forked_from_to_a_multiline_about():
    out = with_forked_from(MULTI, "t.gan", "digits")
    assert '  tags  = ["x"]\n  forked_from = "digits"\n}' in out
    assert about_entries(out) == {"title": "Digits", "tags": None, "forked_from": "digits"}


def test_replaces_an_existing_forked_from():
    once = with_forked_from(MULTI, "t.gan", "a")
    twice = with_forked_from(once, "t.gan", "b")
    assert about_entries(twice)["forked_from"] == "b"
    assert twice.count("forked_from") == 1


def test_one_line_about_and_missing_about():
    one = with_forked_from('about { title = "x" }\nparam s = 1\n', "t.gan", "p")
    assert about_entries(one) == {"title": "x", "forked_from": "p"}
    for text in ("gandsl 1\nparam s = 1\n", "param s = 1\n"):
        out = with_forked_from(text, "t.gan", "p")
        assert about_entries(out) == {"forked_from": "p"}
        assert out.endswith("param s = 1\n")


def test_source_and_target_paths(tmp_path: Path):
    entry = tmp_path / "gallery" / "koi"
    entry.mkdir(parents=True)
    (entry / "recipe.gan").write_text(MULTI)
    assert source_recipe(entry, tmp_path / "gallery") == entry / "recipe.gan"
    assert source_recipe(Path("koi"), tmp_path / "gallery") == entry / "recipe.gan"
    with pytest.raises(RecipeError, match="nothing to remix"):
        source_recipe(tmp_path / "nope", tmp_path / "gallery")
    assert target_recipe(tmp_path / "new") == tmp_path / "new" / "recipe.gan"
    with pytest.raises(RecipeError, match="never overwrites"):
        target_recipe(entry)


def test_remix_command_refuses_to_overwrite(tmp_path: Path):
    entry = tmp_path / "koi"
    entry.mkdir()
    (entry / "recipe.gan").write_text(MULTI)
    result = CliRunner().invoke(group, ["remix", str(entry), str(entry)])
    assert result.exit_code == 1
    assert "never overwrites" in result.output
    assert "Traceback" not in result.output


def test_a_remix_is_marked_and_its_description_left_to_write():
    parent = MULTI.replace('  tags  = ["x"]\n', '  tags  = ["x"]\n  description = "The parent\'s words."\n')
    about = about_entries(as_remix(parent, "t.gan", "digits"))
    assert about["title"] == "Digits (remix)" and about["forked_from"] == "digits"
    assert about["description"].startswith("TODO") and "digits" in about["description"]
    assert about_entries(as_remix("param s = 1\n", "t.gan", "p"))["title"] == "p (remix)"


def test_remix_and_build_work_outside_the_repository_from_the_built_in_gallery(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from gandsl.cli.main import group

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(group, ["remix", "digits-dream", "mine"])
    assert result.exit_code == 0, result.output
    assert "forked_from" in (tmp_path / "mine" / "recipe.gan").read_text()
    result = CliRunner().invoke(group, ["gallery", "build", "-o", "site"])
    assert result.exit_code == 0 and (tmp_path / "site" / "digits-dream" / "index.html").is_file(), result.output
    missing = CliRunner().invoke(group, ["remix", "no-such-entry", "x"])
    assert missing.exit_code == 1 and "--gallery FOLDER" in missing.output
